// How much would the model be off without a rule it has? Runs random traces in
// CPython and compares them with a model missing one rule (freelists, the
// 3.13+ weakref tuple, ...), counting the traces that then disagree.
// node scripts/measure-gaps.mjs python3 200
import { randomTrace } from '../dist/gen/random.js';
import { resolveInterpreter } from '../dist/oracle/interpreters.js';
import { runOracle } from '../dist/oracle/run.js';
import { compareResults } from '../dist/oracle/compare.js';
import { replayTrace, resolveProfile } from '../dist/replay/replay.js';
import { profileVersion } from '../dist/oracle/against.js';
import { Trace } from '../dist/trace/schema.js';

const [spec = 'python3', n = '100'] = process.argv.slice(2);
const traces = Array.from({ length: Number(n) }, (_, s) => Trace.parse(randomTrace({ seed: s, legacy: spec === 'python3' })));
const real = await runOracle(resolveInterpreter(spec), traces);
const variants = {
  'as modelled': (p) => p,
  'no freelists (every list/dict/tuple counted at creation and free)': (p) => ({ ...p, freelists: null }),
  'tuples of non-GC items tracked at creation': (p) => ({ ...p, tuplesUntrackedAtCreation: false }),
  'dicts tracked from creation': (p) => ({ ...p, untrackDicts: false }),
};
for (const [name, change] of Object.entries(variants)) {
  let differ = 0;
  let maxCount = 0;
  traces.forEach((t, i) => {
    const r = real[i];
    if (!r.ok) return;
    const { events, ...header } = t;
    const profile = change(resolveProfile(profileVersion(r.python)));
    const m = replayTrace(`seed ${i}`, header, events, { profile, baseline: r.baseline });
    const c = compareResults(m, r, r.baseline.permanent);
    if (c.differences) differ++;
    maxCount = Math.max(maxCount, Math.abs(m.end.count[0] - r.end.count[0]));
  });
  console.log(`${spec}, ${name}: ${differ}/${traces.length} traces differ; final gen-0 count off by up to ${maxCount}`);
}
