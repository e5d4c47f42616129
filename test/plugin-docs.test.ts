// docs/pytest-plugin.md lists every cache the plugin clears (and every one it
// leaves alone), as python/gcdiag_capture/_caches.py defines them.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runPython } from './capture-helpers.js';

describe('docs/pytest-plugin.md', () => {
  it('has the cache list, with each entry\'s reason', () => {
    const r = runPython(['-c', [
      'import json',
      'from gcdiag_capture import _caches',
      'print(json.dumps({"version": _caches.VERSION, "cleared": [[n, w] for n, w, _f in _caches.CACHES],',
      '                  "kept": [list(x) for x in _caches.NOT_CLEARED]}))',
    ].join('\n')]);
    expect(r.status, r.stderr).toBe(0);
    const { version, cleared, kept } = JSON.parse(r.stdout);
    const doc = readFileSync(join(ROOT, 'docs', 'pytest-plugin.md'), 'utf8');
    expect(doc).toContain(`(list version ${version})`);
    for (const [name, why] of [...cleared, ...kept]) expect(doc).toContain(`| \`${name}\` | ${why} |`);
  });
});
