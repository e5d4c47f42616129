// Dev tool: compare the model with a real interpreter on random traces.
// node scripts/oracle-check.mjs python3 0 100 [events]
import { randomTrace } from '../dist/gen/random.js';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';

const [spec = 'python3', from = '0', to = '50', events] = process.argv.slice(2);
const legacy = process.env.LEGACY ? process.env.LEGACY === '1' : (spec === 'python3' || spec.includes('3.14') || spec.includes('314'));
const items = [];
for (let s = Number(from); s < Number(to); s++) {
  items.push({ name: `seed ${s}`, trace: randomTrace({ seed: s, legacy, events: events ? Number(events) : undefined }) });
}
const t0 = Date.now();
const out = await compareBatch(spec, items);
let bad = 0;
for (const o of out) {
  if (o.error || o.comparison.differences) { bad++; console.log(describeDifferences(o)); }
}
console.log(`${spec}: ${out.length - bad}/${out.length} agree (${Date.now() - t0} ms)`);
