// Names from a snapshot are data: a type called `Re|q` must not split the
// Markdown table or end its code span.
import { test, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag } from '../helpers/cli.js';

test('snapshot-diff --format markdown escapes backticks and pipes in type names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gcdiag-md-'));
  const files = ['cache-before.json', 'cache-after.json'].map((f) => {
    const out = join(dir, f);
    writeFileSync(out, readFileSync(join('fixtures/snapshots', f), 'utf8').replaceAll('app.models.Request', 'app.models.Re`q|uest'));
    return out;
  });
  const r = gcdiag(['snapshot-diff', ...files, '--format', 'markdown', '--sort', 'count']);
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  const row = lines.find((l) => l.startsWith('| ``app.models.Re'))!;
  expect(row.startsWith('| ``app.models.Re`q\\|uest`` |')).toBe(true);
  const header = lines.find((l) => l.startsWith('| type |'))!;
  const cells = (l: string) => l.split(/(?<!\\)\|/).length;
  expect(cells(row)).toBe(cells(header));
  // The leak suspects' table: the type name among the types, escaped too.
  const suspect = lines.find((l) => l.startsWith('| 1 |'))!;
  expect(suspect).toContain('Re\\`q\\|uest');
  expect(cells(suspect)).toBe(cells(lines.find((l) => l.startsWith('| # |'))!));
  expect(r.stdout).toMatch(/^- ``app\.models\.Re`q\|uest``: ×\d+ of \d+ new: `.*`$/m);
});
