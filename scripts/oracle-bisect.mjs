// Dev tool: shortest prefix of a random trace where model and CPython disagree.
// node scripts/oracle-bisect.mjs python3 SEED [events]
import { randomTrace } from '../dist/gen/random.js';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';
import { writeFileSync } from 'node:fs';

const [spec = 'python3', seed = '0', events] = process.argv.slice(2);
const legacy = spec === 'python3' || spec.includes('3.14') || spec.includes('314');
const full = randomTrace({ seed: Number(seed), legacy, events: events ? Number(events) : undefined });
const items = [];
for (let n = 1; n <= full.events.length; n++) items.push({ name: `prefix ${n}`, trace: { ...full, events: full.events.slice(0, n) } });
const out = await compareBatch(spec, items);
const first = out.findIndex((o) => o.error || o.comparison.differences);
if (first < 0) { console.log('no difference'); process.exit(0); }
console.log(describeDifferences(out[first], 20));
const t = items[first].trace;
writeFileSync('/tmp/bisect.json', JSON.stringify(t, null, 1));
console.log(`last events (of ${t.events.length}):`);
for (const ev of t.events.slice(-8)) console.log(JSON.stringify(ev));
