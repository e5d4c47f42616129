// Dev tool: shortest prefix of a random trace where model and CPython disagree.
// node scripts/oracle-bisect.mjs python3 SEED [events]
import { traceFor } from './oracle-seeds.mjs';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';
import { writeFileSync } from 'node:fs';

const [spec = 'python3', seed = '0', events] = process.argv.slice(2);
const full = traceFor(spec, Number(seed), events);
const prefix = (n) => ({ name: `prefix ${n}`, trace: { ...full, events: full.events.slice(0, n) } });
const bad = (o) => o.error || o.comparison.differences;
let lo = 0; // agrees
let hi = full.events.length; // disagrees (assumed)
let last;
while (hi - lo > 1) {
  const k = Math.min(15, hi - lo - 1);
  const ns = Array.from({ length: k }, (_, j) => lo + Math.ceil(((j + 1) * (hi - lo)) / (k + 1)));
  const uniq = [...new Set(ns)].filter((n) => n > lo && n < hi);
  const out = await compareBatch(spec, uniq.map(prefix));
  const firstBad = out.findIndex(bad);
  if (firstBad < 0) { lo = uniq[uniq.length - 1]; if (!last) { const [o] = await compareBatch(spec, [prefix(hi)]); last = o; } continue; }
  hi = uniq[firstBad];
  last = out[firstBad];
  lo = firstBad > 0 ? uniq[firstBad - 1] : lo;
}
if (!last || !bad(last)) { console.log('no difference'); process.exit(0); }
console.log(describeDifferences(last, 20));
const t = prefix(hi).trace;
writeFileSync('/tmp/bisect.json', JSON.stringify(t, null, 1));
console.log(`last events (of ${t.events.length}):`);
for (const ev of t.events.slice(-10)) console.log(JSON.stringify(ev));
