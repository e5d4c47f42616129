// `gcdiag gate --format junit`: JUnit XML that CI dashboards read. One
// testsuite per series (per pytest test when the plugin wrote the inputs),
// one testcase per gated type, failing types with a <failure> that says why;
// uncollectable objects, the total budget and (with --fail-on-garbage)
// garbage are testcases of their own. Everything from input is XML-escaped.
import type { GateResult, SeriesResult, TypeFinding } from '../gate/result.js';
import * as text from './gate-text.js';

/** Text safe in XML attributes and content; characters XML 1.0 forbids are dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function testcase(classname: string, name: string, failure: { message: string; body: string } | null): string {
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}" time="0"`;
  if (!failure) return `${open}/>`;
  return `${open}>\n      <failure message="${xmlEscape(failure.message)}" type="leak">${xmlEscape(failure.body)}</failure>\n    </testcase>`;
}

function failureOf(f: TypeFinding): { message: string; body: string } {
  const lines = [text.findingText(f)];
  const p = text.pathLine(f);
  if (p) lines.push(`held by: ${p}`);
  const site = text.siteLine(f);
  if (site) lines.push(`allocated at: ${site}`);
  return { message: `${f.type} ${text.findingText(f)}`, body: lines.join('\n') };
}

function suite(s: SeriesResult): string {
  const name = text.seriesName(s);
  const classname = s.test ?? 'gcdiag.gate';
  const cases: string[] = [];
  for (const f of s.findings) cases.push(testcase(classname, f.type, f.failed ? failureOf(f) : null));
  for (const t of s.passed) cases.push(testcase(classname, t, null));
  const extra: [string, string | null][] = [['uncollectable objects', text.uncollectableLine(s)], ['total bytes', s.totalBytes.failed ? text.totalLine(s) : null]];
  if (s.garbage.failed) extra.push(['cyclic garbage', text.garbageLine(s)]);
  for (const [n, line] of extra) cases.push(testcase(classname, `(${n})`, line ? { message: line, body: line } : null));
  const failures = cases.filter((c) => c.includes('<failure')).length;
  return [
    `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    `    <properties><property name="python" value="${xmlEscape(s.python)}"/><property name="mode" value="${s.mode}"/></properties>`,
    ...cases,
    ...(s.garbage.growing && !s.garbage.failed ? [`    <system-out>${xmlEscape(`warning: ${text.garbageLine(s)}`)}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
}

export function gateJunit(r: GateResult): string {
  const suites = r.series.map(suite);
  const tests = suites.reduce((n, s) => n + (s.match(/<testcase /g)?.length ?? 0), 0);
  const failures = suites.reduce((n, s) => n + (s.match(/<failure /g)?.length ?? 0), 0);
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="gcdiag gate" tests="${tests}" failures="${failures}">`, ...suites, '</testsuites>'].join('\n');
}
