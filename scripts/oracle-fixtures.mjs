// Dev tool: compare the model with an interpreter on every trace in fixtures/traces.
import { readdirSync, readFileSync } from 'node:fs';
import { compareBatch, describeDifferences } from '../dist/oracle/batch.js';
const spec = process.argv[2] ?? 'python3';
const dir = new URL('../fixtures/traces/', import.meta.url).pathname;
const items = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ name: f, trace: JSON.parse(readFileSync(dir + f, 'utf8')) }));
const out = await compareBatch(spec, items);
for (const o of out) console.log(o.error ? `SKIP/ERR ${o.name}: ${o.error}` : o.comparison.differences ? describeDifferences(o) : `ok ${o.name}`);
