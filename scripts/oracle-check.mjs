// Dev tool: compare the model with a real interpreter on random traces.
// node scripts/oracle-check.mjs python3 0 100 [events]
// (any interpreter: python3, a path such as ~/.pyenv/versions/3.10.13/bin/python, pyodide-3.12)
import { traceFor } from './oracle-seeds.mjs';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';

const [spec = 'python3', from = '0', to = '50', events] = process.argv.slice(2);
const items = [];
for (let s = Number(from); s < Number(to); s++) {
  items.push({ name: `seed ${s}`, trace: traceFor(spec, s, events) });
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
