// Golden tests of snapshot-diff, find-cycles and why: the built binary with
// NO_COLOR=1; stdout, stderr and exit code recorded in test/golden/*.txt
// (UPDATE_GOLDEN=1 rewrites them; a change shows as a readable diff).
import { describe, it } from 'vitest';
import { gcdiag, expectGolden } from './helpers/cli.js';

const S = 'fixtures/snapshots';

const CASES: [string, string[]][] = [
  ['snapshot-diff-table', ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`]],
  ['snapshot-diff-markdown-by-module', ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--format', 'markdown', '--group-by', 'module', '--top', '2']],
  ['snapshot-diff-json', ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--format', 'json', '--top', '2']],
  ['find-cycles-table', ['find-cycles', `${S}/cycles.json`]],
  ['find-cycles-dot', ['find-cycles', `${S}/cycles.json`, '--format', 'dot', '--limit', '3']],
  ['find-cycles-json-min-size', ['find-cycles', `${S}/cycles.json`, '--format', 'json', '--min-size', '3']],
  ['why-type-finalize', ['why', `${S}/traps.json`, '--type', 'Connection']],
  ['why-type-lru-cache', ['why', `${S}/traps.json`, '--type', 'app.service.Service']],
  ['why-type-exception', ['why', `${S}/traps.json`, '--type', 'Payload']],
  ['why-id-reused', ['why', `${S}/cache-after.json`, '--id', '5000']],
  ['why-id-hex-json', ['why', `${S}/traps.json`, '--id', '0x1f8', '--format', 'json']],
  ['why-type-garbage', ['why', `${S}/cycles.json`, '--type', 'Node']],
];

const ERRORS: [string, string[]][] = [
  ['error-truncated', ['find-cycles', `${S}/bad/truncated.json`]],
  ['error-dangling-edge', ['why', `${S}/bad/dangling-edge.json`, '--type', 'Node']],
  ['error-duplicate-id', ['snapshot-diff', `${S}/bad/duplicate-id.json`, `${S}/cycles.json`]],
  ['error-version', ['find-cycles', `${S}/bad/version-2.json`]],
  ['error-mismatched-columns', ['find-cycles', `${S}/bad/mismatched-columns.json`]],
  ['error-missing-file', ['find-cycles', `${S}/nope.json`]],
  ['error-unknown-type', ['why', `${S}/traps.json`, '--type', 'conn']],
  ['error-id-and-type', ['why', `${S}/traps.json`, '--id', '1', '--type', 'Node']],
  ['error-bad-top', ['snapshot-diff', `${S}/cache-before.json`, `${S}/cache-after.json`, '--top', 'ten']],
  ['error-bad-format', ['find-cycles', `${S}/cycles.json`, '--format', 'svg']],
];

const HELP: [string, string[]][] = [
  ['help-snapshot-diff', ['snapshot-diff', '--help']],
  ['help-find-cycles', ['find-cycles', '--help']],
  ['help-why', ['why', '--help']],
];

describe('snapshot commands (golden)', () => {
  for (const [name, args] of [...CASES, ...ERRORS, ...HELP]) {
    it(`gcdiag ${args.join(' ')}`, () => expectGolden(`snapshot/${name}`, gcdiag(args)));
  }
});
