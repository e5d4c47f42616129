// gcdiag tune against real CPython on the other native versions (issue 7 part
// 4): the full fixture workloads, recorded once per version, four candidates
// predicted and measured (5 rounds, interleaved). Interpreters are found at run
// time (GCDIAG_OLDER_PYTHONS, else ~/.pyenv); a missing one is a skipped test
// that names it. The claims are in test/helpers/tune-fidelity.ts.
import { describe, test } from 'vitest';
import { EXTRA_PYTHONS, pythonName } from '../capture-helpers.js';
import { interpreterVersion } from '../../src/tune/measure-run.js';
import { fidelity, expectFaithful, describeFidelity, type Workload } from '../helpers/tune-fidelity.js';

const WORKLOADS: Workload[] = [
  { program: 'seed_12_4', args: [] },
  { program: 'steady_cycles', args: [] },
  { program: 'long_lived_service', args: [] },
];
const RUNS = Number(process.env.GCDIAG_FIDELITY_RUNS ?? 5);

// 3.12 and 3.13 first: the versions whose collections run at safe points.
const ORDER = ['3.12', '3.13', '3.8', '3.9', '3.10'];
const PYTHONS = ORDER.map((v) => EXTRA_PYTHONS.find((p) => p.version === v) ?? { version: v, exe: undefined });

for (const py of PYTHONS) {
  describe(`tune fidelity on CPython ${py.version}`, () => {
    for (const w of WORKLOADS) {
      test.skipIf(!py.exe)(`${w.program} (${pythonName(py)}): collections within 5 % (or ±1), own thresholds exact, GC time ranked as measured`, async () => {
        const f = await fidelity(py.exe!, interpreterVersion(py.exe!), w, RUNS);
        console.log(describeFidelity(f));
        expectFaithful(f);
      });
    }
  });
}
