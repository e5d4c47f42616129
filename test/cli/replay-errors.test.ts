// Bad traces stop with one line naming the file, the place and what was
// expected, exit code 2, no stack trace; random garbage never escapes as an
// internal error.
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcdiag } from '../helpers/cli.js';
import { parseTraceDocument, parseEventLine } from '../../src/trace/load.js';
import { Replayer } from '../../src/replay/replay.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gcdiag-bad-'));
const head = '{"format":"gcdiag-trace","version":1,"types":{"N":{"fields":["x"]}}';
const cases: [string, string, RegExp][] = [
  ['not-json.json', 'not json', /^gcdiag: .*not-json\.json: line 1, column 2: not valid JSON: expected "null"/],
  ['trailing-comma.json', `${head},\n"events":[{"op":"new","id":1,"type":"N"}, ]}`, /line 2, column \d+ \(in \$\.events\[1\]\): not valid JSON: expected a value, got "\]"/],
  ['unknown-op.json', `${head},"events":[{"op":"frobnicate"}]}`, /\$\.events\[0\]\.op: unknown or missing "op"/],
  ['never-created.json', `${head},"events":[{"op":"bind","var":"v","to":"ghost"}]}`, /\$\.events\[0\]: object "ghost" was never created or is already freed/],
  ['already-freed.json', `${head},"events":[{"op":"new","id":1,"type":"N"},{"op":"set","obj":1,"field":"x","to":null}]}`, /\$\.events\[1\]: object 1 was never created or is already freed/],
  ['duplicate.json', `${head},"events":[{"op":"new","id":1,"type":"N","bind":"a"},{"op":"new","id":1,"type":"N"}]}`, /\$\.events\[1\]: duplicate id 1/],
  ['unknown-type.json', `${head},"events":[{"op":"new","id":1,"type":"Nope"}]}`, /\$\.events\[0\]: unknown type "Nope"/],
  ['wrong-version.json', '{"format":"gcdiag-trace","version":7,"events":[]}', /\$\.version/],
  ['truncated.ndjson', `${head}}\n{"op":"new","id":1,"type":"N","bind":"a"}\n{"op":"new","id":2,"ty`, /line 3 \(event 1\): truncated last line/],
  ['bad-line.ndjson', `${head}}\n{"op":"new","id":1,"type":"N"}\n{"op":"nope"}\n`, /line 3 \(event 1\) \$\.op: unknown or missing "op"/],
  ['unbound.ndjson', `${head}}\n{"op":"unbind","vars":["q"]}\n`, /line 2 \(event 0\): variable "q" is not bound/],
  ['unknown-op-choices.json', `${head},"events":[{"op":"frob"}]}`, /expected one of: new, bind, unbind, .*, repeat\)$/m],
  ['unknown-python.json', '{"format":"gcdiag-trace","version":1,"python":"3.99","types":{},"events":[]}', /\$\.python: unknown CPython version "3\.99"/],
  ['huge-threshold.json', `${head},"events":[{"op":"set_threshold","thresholds":[3000000000]}]}`, /\$\.events\[0\]\.thresholds\[0\]/],
  ['unhashable.json', `${head},"events":[{"op":"new","id":1,"type":"list","bind":"l"},{"op":"new","id":2,"type":"set","items":[1]}]}`, /\$\.events\[1\]: unhashable type: 'list'/],
  ['unhashable-append.json', `${head},"events":[{"op":"new","id":1,"type":"dict","bind":"d"},{"op":"new","id":2,"type":"set","bind":"s"},{"op":"append","obj":2,"to":1}]}`, /\$\.events\[2\]: unhashable type: 'dict'/],
  ['non-container-fields.json', '{"format":"gcdiag-trace","version":1,"types":{"B":{"container":false,"fields":["x"]}},"events":[]}', /\$\.types\["B"\]: a non-container type/],
  ['int-attribute.json', `${head},"events":[{"op":"new","id":1,"type":"N","bind":"n"},{"op":"set","obj":1,"field":3,"to":null}]}`, /\$\.events\[1\]: attribute name must be a string, not 3/],
];

for (const [name, text, message] of cases) {
  test(`bad input: ${name}`, () => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = gcdiag(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
}

test('bad usage: unknown version, bad thresholds, bad format, missing file, a directory', () => {
  const ok = join(dir, 'ok.json');
  writeFileSync(ok, `${head},"events":[]}`);
  for (const args of [['--python', '9.9'], ['--python', '3.15'], ['--thresholds', '7,x'], ['--thresholds', '99999999999,1,1'], ['--format', 'xml']]) {
    const r = gcdiag(['replay', ok, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gcdiag: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }
  const cases: [string[], RegExp][] = [
    [['replay', join(dir, 'missing.json')], /missing\.json: no such file$/],
    [['replay', dir], /: is a directory, expected a file$/],
    [['replay', '--against', 'python3', join(dir, 'missing.json')], /missing\.json: no such file$/],
  ];
  for (const [args, message] of cases) {
    const r = gcdiag(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
  }
});

test('an unusable --out is a usage error before any work, and leaves nothing behind', () => {
  const ok = join(dir, 'ok-out.json');
  writeFileSync(ok, `${head},"events":[]}`);
  const cases: [string, RegExp][] = [
    [join(dir, 'no-such-folder', 'r.json'), /--out .*r\.json: the folder .*no-such-folder does not exist$/],
    [dir, /--out .* is a directory: give a file name$/],
  ];
  for (const [out, message] of cases) {
    for (const args of [['replay', ok, '--out', out], ['find-cycles', 'fixtures/snapshots/cycles.json', '--out', out]]) {
      const r = gcdiag(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toMatch(message);
    }
  }
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('no command: the help, on stderr, as a usage error', () => {
  const r = gcdiag([]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/Usage: gcdiag/);
  expect(gcdiag(['help']).code).toBe(0);
});

function replayText(text: string): void {
  const { header, events } = parseTraceDocument('fuzz.json', text);
  const r = new Replayer('fuzz.json', header, {});
  for (const event of events) r.apply(event);
  r.finish();
}

test('random garbage never escapes as an internal error', () => {
  const valid = `${head},"events":[{"op":"new","id":1,"type":"N","bind":"a"},{"op":"set","obj":1,"field":"x","to":1},{"op":"unbind","vars":["a"]},{"op":"collect"}]}`;
  const mutated = fc.tuple(fc.nat(valid.length), fc.nat(8), fc.string({ maxLength: 6 }))
    .map(([at, cut, ins]) => valid.slice(0, at) + ins + valid.slice(at + cut));
  fc.assert(fc.property(fc.oneof(fc.string(), mutated, fc.json()), (text) => {
    try {
      replayText(text);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
    try {
      parseEventLine('fuzz.ndjson', text, 2, 0, false);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
  }), { numRuns: 2000 });
});
