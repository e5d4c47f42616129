// Dev tool: compare the model with a real interpreter on random traces.
// node scripts/oracle-check.mjs python3 0 100 [events]
import { randomTrace } from '../dist/gen/random.js';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';

const [spec = 'python3', from = '0', to = '50', events] = process.argv.slice(2);
const legacy = process.env.LEGACY ? process.env.LEGACY === '1' : (spec === 'python3' || spec.includes('3.14') || spec.includes('314'));
const items = [];
for (let s = Number(from); s < Number(to); s++) {
  items.push({ name: `seed ${s}`, trace: randomTrace({ seed: s, legacy, isFinalized: !process.env.NO_FINALIZED, extras: !!process.env.EXTRAS, ...(spec.includes('3.14') || spec.includes('314') ? { unfreeze: false } : {}), events: events ? Number(events) : undefined }) });
}
const t0 = Date.now();
// One interpreter per 50 traces (as the tests do): a long-lived process slows down.
const out = [];
for (let i = 0; i < items.length; i += 50) out.push(...(await compareBatch(spec, items.slice(i, i + 50))));
let bad = 0;
for (const o of out) {
  if (o.error || o.comparison.differences) { bad++; console.log(describeDifferences(o)); }
}
console.log(`${spec}: ${out.length - bad}/${out.length} agree (${Date.now() - t0} ms)`);
