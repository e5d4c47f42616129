// gcdiag capture --pid on every CPython 3.8-3.13 found (pyenv's, and Debian's
// /usr/bin/python3, a stripped static build): a live program holding a known leak,
// its main thread asleep, spinning in Python, or joining a thread (see
// test/capture-attach-helpers.ts). A missing interpreter is a skipped test.
import { describe, beforeAll, afterAll } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { EXTRA_PYTHONS, tempDir } from '../capture-helpers.js';
import { MODES, NO_ATTACH, attachCase } from '../capture-attach-helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pythons: [string, string | undefined][] = [
  ...EXTRA_PYTHONS.map((p) => [`CPython ${p.version}`, p.exe] as [string, string | undefined]),
  ['Debian /usr/bin/python3', existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined],
];

describe.skipIf(NO_ATTACH)(`gcdiag capture --pid on CPython 3.8-3.13${NO_ATTACH ? ` (skipped: ${NO_ATTACH})` : ''}`, () => {
  for (const [name, python] of pythons) {
    for (const mode of MODES) attachCase(() => dir, name, python, mode);
  }
});
