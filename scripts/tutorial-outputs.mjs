// Record what each tutorial example prints under each interpreter (masked) into
// fixtures/tutorial/expected.json. Run after changing an example; the test suite
// re-runs the programs and fails if the recording is stale.
// Two Pyodide builds cannot share a Node process, so each interpreter runs in its own.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveInterpreter } from '../dist/oracle/interpreters.js';
import { runProgram } from '../dist/oracle/programs.js';
import { tutorialDir, tutorialExamples, tutorialMasks, applyMasks } from '../dist/oracle/tutorial.js';

const SPECS = ['python3', 'pyodide-3.11', 'pyodide-3.12', 'pyodide-3.13', 'pyodide-3.14'];
const file = join(tutorialDir(), 'expected.json');
const spec = process.argv[2];
if (!spec) {
  for (const s of SPECS) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), s], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
} else {
  const out = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const name of tutorialExamples()) {
    const code = readFileSync(join(tutorialDir(), `${name}.py`), 'utf8');
    const lines = await runProgram(resolveInterpreter(spec), code, `${name}.py`);
    (out[name] ??= {})[spec] = applyMasks(lines, tutorialMasks(name));
  }
  writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${spec}: recorded ${tutorialExamples().length} examples`);
}
