// Print templates and plain values read as Python prints them: the expected text
// comes from real CPython (python3's str.format and repr), not from this file.
import { test, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { render, renderNamed, pyFloatRepr, pyNumber, validTemplate } from '../../src/model/pyformat.js';
import { Trace } from '../../src/trace/schema.js';

/** Run `code` in python3 with JSON on stdin; it prints JSON. */
function python(code: string, input: unknown): unknown {
  const r = spawnSync('python3', ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

test('floats print as float.__repr__ does, integral numbers as ints (the trace language: JSON 1.0 is 1)', () => {
  const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { numRuns: 400, seed: 7 });
  const edges = [1e-05, 0.0001, 0.1, 1e16, 1e15 + 0.5, 9007199254740993, 1.5e300, -0.0, 5e-324, 1.7976931348623157e308, 123456789.125, 1e22, -2.5e-7];
  const xs = [...edges, ...doubles];
  // JSON has no -0: Python gets the sign back from a flag.
  const want = python(
    'import json,sys\nxs=json.load(sys.stdin)\nprint(json.dumps([str(int(float(x))) if float(x).is_integer() else repr(float(x)) for x in xs]))',
    xs.map((x) => (Object.is(x, -0) ? 0 : x)),
  ) as string[];
  expect(xs.map((x) => pyNumber(Object.is(x, -0) ? 0 : x))).toEqual(want);
  // And as floats, the integral ones too.
  const reprs = python('import json,sys\nprint(json.dumps([repr(float(x)) for x in json.load(sys.stdin)]))', xs.filter((x) => !Object.is(x, -0))) as string[];
  expect(xs.filter((x) => !Object.is(x, -0)).map(pyFloatRepr)).toEqual(reprs);
  expect(pyFloatRepr(-0)).toBe('-0.0');
});

/** Random templates of the allowed grammar: text, "{{", "}}", and the fields of one kind. */
const piece = (field: fc.Arbitrary<string>) => fc.oneof(
  fc.string({ maxLength: 4 }).map((s) => s.replace(/[{}]/g, '')), fc.constant('{{'), fc.constant('}}'), field);

test('templates render as str.format renders them (fields, literal braces, values of every kind)', () => {
  const name = fc.constantFrom('a', 'name', 'f', '_x1');
  const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const cases = fc.sample(fc.record({
    tpl: fc.array(piece(name.map((n) => `{self.${n}}`)), { maxLength: 8 }).map((p) => p.join('')),
    named: fc.array(piece(name.map((n) => `{${n}}`)), { maxLength: 8 }).map((p) => p.join('')),
    obs: fc.array(piece(fc.constant('{}')), { maxLength: 8 }).map((p) => p.join('')),
    values: fc.record({ a: value, name: value, f: value, _x1: value }),
  }), { numRuns: 300, seed: 11 });
  const want = python(`
import json, sys
from types import SimpleNamespace
def py(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    return int(float(v)) if float(v).is_integer() else v
out = []
for c in json.load(sys.stdin):
    vals = {k: py(v) for k, v in c['values'].items()}
    out.append([c['tpl'].format(self=SimpleNamespace(**vals)), c['named'].format(**vals), c['obs'].format(*[(1, 2, 3)] * 10)])  # every {} is the value
print(json.dumps(out))`, cases) as string[][];
  const got = cases.map((c) => [
    render(c.tpl, undefined, c.values),
    renderNamed(c.named, (n) => c.values[n as keyof typeof c.values]),
    render(c.obs, { tuple: [1, 2, 3] }),
  ]);
  expect(got).toEqual(want);
});

test('the schema refuses what str.format would format differently or reject (specs, conversions, indexes, lone braces)', () => {
  const doc = (print: string) => ({ format: 'gcdiag-trace', version: 1, types: { D: { del: { print } } }, events: [] });
  for (const bad of ['{self.name!r}', '{self.f:.2f}', '{0}', '{}', '{name}', 'a { b', 'a } b', '{self.}', '{self.a.b}']) {
    expect(Trace.safeParse(doc(bad)).success, bad).toBe(false);
    expect(validTemplate('self', bad), bad).toBe(false);
  }
  for (const good of ['del {self.name}', '{{}}', '{{{self.x}}}', 'a }}{{ b', '']) expect(Trace.safeParse(doc(good)).success, good).toBe(true);
  const observe = (print: string) => ({ format: 'gcdiag-trace', version: 1, events: [{ op: 'observe', what: 'count', print }] });
  expect(Trace.safeParse(observe('{} {{}}')).success).toBe(true);
  expect(Trace.safeParse(observe('{self.x}')).success).toBe(false);
  const printEv = (text: string) => ({ format: 'gcdiag-trace', version: 1, events: [{ op: 'print', text }] });
  expect(Trace.safeParse(printEv('{a} {{b}}')).success).toBe(true);
  expect(Trace.safeParse(printEv('{}')).success).toBe(false);
  const cb = (print: string) => ({ format: 'gcdiag-trace', version: 1, events: [{ op: 'weakref', id: 1, target: 0, callback: { print } }] });
  expect(Trace.safeParse(cb('cb {{w}}')).success).toBe(true);
  expect(Trace.safeParse(cb('cb {w}')).success).toBe(false);
});

test('a template of ten million characters is checked in linear time', () => {
  const long = 'a{}\n{{'.repeat(2_000_000);
  const t0 = process.cpuUsage();
  expect(validTemplate('value', long)).toBe(true);
  expect(validTemplate('value', `${long}{x`)).toBe(false);
  const { user } = process.cpuUsage(t0);
  expect(user / 1e6).toBeLessThan(10);
});

test('names from the template are looked up as own values only ({self.constructor} is not a JavaScript function)', () => {
  expect(render('{self.constructor} {self.toString} {self.name}', undefined, { name: 'x' })).toBe('{self.constructor} {self.toString} x');
});
