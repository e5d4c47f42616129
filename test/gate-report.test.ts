// Every gate reporter over one result whose names are hostile (pipes,
// backticks, XML metacharacters, %, newlines): the JUnit XML is parsed back,
// the Markdown table keeps its columns, the GitHub commands their escapes.
import { test, expect, describe } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { evaluateSeries } from '../src/gate/evaluate.js';
import { rulesFor } from '../src/gate/rules.js';
import { gateReporters, GATE_FORMATS } from '../src/report/gate.js';
import { mdEscape } from '../src/report/gate-markdown.js';
import { ghData, ghProperty } from '../src/report/gate-github.js';
import type { Census } from '../src/gate/census.js';
import type { GateResult } from '../src/gate/result.js';
import { GateReport } from '../src/report/schemas/gate.js';

const HOSTILE = 'app.`Weird|Type`<&>"\'%0A';
const TEST_ID = 'tests/test_x.py::test_a[p|q-`x`-<y>&%]';

function census(types: [string, number, number][], garbage = 0): Census {
  return {
    file: 'run.json', kind: 'typestats', python: '3.11.7', pid: 7, test: TEST_ID, run: 1, warmup: 1,
    live: new Map(types.map(([t, c, b]) => [t, { count: c, bytes: b }])),
    garbage: { objects: garbage, bytes: null, cycles: null }, uncollectable: { objects: 0, types: new Map() }, suppressed: new Map(),
  };
}

function result(): GateResult {
  const censuses = [1, 2, 3, 4].map((k) => census([[HOSTILE, k, 100 * k], ['builtins.dict', 10, 1000], ['app.Fluct', 5 + (k % 2), 50], ['line\nbreak', 1, 1]], 30));
  const s = evaluateSeries({ test: TEST_ID, censuses, warmup: 1, rules: rulesFor({}, TEST_ID) });
  s.findings[0].path = {
    instances: 3, of: 3, newOnly: true,
    path: { held: 'root', root: { name: 'module app', kind: 'module', label: '_CACHE|`x`' }, steps: [{ id: 1, type: 'builtins.dict', label: "['<k>&%']", kind: 'value', repeat: 1 }], target: { id: 2, type: HOSTILE }, length: 1 },
  };
  s.findings[0].site = { site: 'app/x|y.py:12', count: 3 };
  const clean = evaluateSeries({ test: 'tests/test_ok.py::test_b', censuses: censuses.map((c) => ({ ...c, garbage: { objects: 0, bytes: null, cycles: null }, live: new Map([['builtins.int', { count: 1, bytes: 28 }]]) })), warmup: 1, rules: rulesFor({}, null) });
  return { format: 'gcdiag-gate', version: 1, config: null, suppressionList: { version: 1, entries: [] }, series: [s, clean], failed: s.failed || clean.failed };
}

describe('gate reporters', () => {
  const r = result();

  test('the result: one leaking type, garbage made every run', () => {
    expect(r.failed).toBe(true);
    expect(r.series[0].findings.filter((f) => f.failed).map((f) => f.type)).toEqual([HOSTILE]);
    expect(r.series[0].garbage.growing).toBe(true);
  });

  test('every format renders', () => {
    for (const f of GATE_FORMATS) expect(gateReporters[f](r).length).toBeGreaterThan(50);
  });

  test('json: format, version, camelCase', () => {
    const j = JSON.parse(gateReporters.json(r));
    expect([j.format, j.version, j.failed]).toEqual(['gcdiag-gate', 1, true]);
    GateReport.strict().parse(j);   // schema/gate-report.schema.json holds
    expect(j.series[0].findings[0]).toMatchObject({ type: HOSTILE, verdict: 'leaks', countDeltas: [1, 1, 1] });
  });

  test('junit: well-formed, one testsuite per test, one testcase per gated type, failures with messages', () => {
    const xml = gateReporters.junit(r);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual([TEST_ID, 'tests/test_ok.py::test_b']);
    const cases = suites[0].testcase as { name: string; classname: string; failure?: { message: string; '#text': string } }[];
    const gatedTypes = r.series[0].findings.length + r.series[0].passed.length;
    expect(cases.filter((c) => !c.name.startsWith('('))).toHaveLength(gatedTypes);
    expect(cases.every((c) => c.classname === TEST_ID)).toBe(true);
    const failing = cases.filter((c) => c.failure);
    expect(failing.map((c) => c.name)).toEqual([HOSTILE]);
    expect(failing[0].failure!.message).toContain('leaks');
    expect(failing[0].failure!['#text']).toContain("held by: module app → _CACHE|`x` → dict['<k>&%']");
    expect(Number(suites[0].failures)).toBe(1);
    expect(Number(doc.testsuites.tests)).toBe(cases.length + suites[1].testcase.length);
    expect(cases.find((c) => c.name === 'line\nbreak')).toBeDefined();
  });

  test('junit drops characters XML 1.0 cannot hold', () => {
    const bad = result();
    bad.series[0].findings[0].type = 'app.\u0001Ctl\uFFFE';
    expect(XMLValidator.validate(gateReporters.junit(bad))).toBe(true);
  });

  test('markdown: backticks and pipes escaped, the table keeps six columns', () => {
    const md = gateReporters.markdown(r);
    expect(md).toContain('\\`Weird\\|Type\\`');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| type'));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(mdEscape('a|b`c')).toBe('a\\|b\\`c');
    expect(md).not.toMatch(/line\nbreak/);
  });

  test('github: ::error per failing type, ::warning for garbage, % \\r \\n escaped', () => {
    const out = gateReporters.github(r).split('\n');
    const errors = out.filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error title=leak%3A app\.`Weird\|Type`<&>"'%250A in tests\/test_x\.py%3A%3Atest_a\[p\|q-`x`-<y>&%25\]::/);
    expect(errors[0]).toContain('%0Aheld by: module app');
    expect(out.filter((l) => l.startsWith('::warning '))).toHaveLength(1);
    expect(ghData('50%\r\n')).toBe('50%25%0D%0A');
    expect(ghProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  test('table: the verdict first, the failing type and its path', () => {
    const t = gateReporters.table(r);
    expect(t.split('\n')[0]).toContain('gate FAILED');
    expect(t).toContain('held by:');
    expect(t).toContain('allocated at: app/x|y.py:12 (3 of them)');
    expect(t).toContain('creates 30 objects of cyclic garbage per run');
  });
});
