// gcdiag tune against real CPython on the machine's python3 (issue 7 part 4),
// on smaller runs of the three fixture workloads to stay near a minute: each is
// recorded once, the simulator predicts four candidates, and the real program
// runs under each (3 rounds, interleaved). See test/helpers/tune-fidelity.ts for
// the claims; test/oracle-tier/tune-fidelity-versions.test.ts runs the full
// workloads on the other CPythons.
import { describe, test } from 'vitest';
import { PYTHON } from './capture-helpers.js';
import { interpreterVersion } from '../src/tune/measure-run.js';
import { fidelity, expectFaithful, describeFidelity, type Workload } from './helpers/tune-fidelity.js';

const WORKLOADS: Workload[] = [
  { program: 'seed_12_4', args: ['1'] },
  { program: 'steady_cycles', args: ['40000'] },
  { program: 'long_lived_service', args: ['80000', '120000'] },
];

describe.each(WORKLOADS)('tune fidelity on python3: $program', (w) => {
  test(`${w.program} ${w.args.join(' ')}: collections within 5 % (or ±1), own thresholds exact, GC time ranked as measured`, async () => {
    const f = await fidelity(PYTHON, interpreterVersion(PYTHON), w, 3);
    console.log(describeFidelity(f));
    expectFaithful(f);
  });
});
