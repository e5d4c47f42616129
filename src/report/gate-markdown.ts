// `gcdiag gate --format markdown`: for $GITHUB_STEP_SUMMARY. Text from input
// (type names, paths, test ids) is escaped: pipes would split table cells and
// backticks would end code spans.
import type { GateResult, SeriesResult, TypeFinding } from '../gate/result.js';
import { bytes } from './format.js';
import { signedBytes } from './diff.js';
import { count, signed } from './why-path.js';
import * as text from './gate-text.js';

/** Markdown-safe text: backslash-escape what Markdown or a table cell would read as syntax. */
export function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const SHOWN = 15;

function row(f: TypeFinding): string {
  const cells = [f.failed ? `❌ ${mdEscape(f.type)}` : mdEscape(f.type), f.verdict, count(f.counts[f.counts.length - 1]),
    f.countDeltas.map(signed).join(' '), bytes(f.bytes[f.bytes.length - 1]), f.bytesDeltas.map(signedBytes).join(' ')];
  return `| ${cells.join(' | ')} |`;
}

function series(s: SeriesResult): string[] {
  const out = [`### ${s.failed ? '❌' : '✅'} ${mdEscape(text.seriesName(s))}`, '', mdEscape(text.seriesAbout(s)), ''];
  const shown = [...s.findings.filter((f) => f.failed), ...s.findings.filter((f) => !f.failed).slice(0, SHOWN)];
  if (shown.length) {
    out.push('| type | verdict | objects | Δ objects per run | bytes | Δ bytes per run |', '|---|---|---:|---:|---:|---:|', ...shown.map(row), '');
  }
  out.push(`${count(s.gated)} types gated, ${count(s.passed.length)} steady${s.ignored ? `, ${count(s.ignored)} ignored` : ''}.`, '');
  for (const f of s.findings.filter((x) => x.failed)) {
    out.push(`- **${mdEscape(f.type)}**: ${mdEscape(text.findingText(f))}`);
    const p = text.pathLine(f);
    if (p) out.push(`  - held by: ${mdEscape(p)}`);
    const site = text.siteLine(f);
    if (site) out.push(`  - allocated at: ${mdEscape(site)}`);
  }
  for (const line of [text.uncollectableLine(s), text.totalLine(s)]) if (line) out.push(`- ❌ ${mdEscape(line)}`);
  const g = text.garbageLine(s);
  if (g) out.push(`- ${s.garbage.failed ? '❌' : '⚠️'} cyclic garbage: ${mdEscape(g)}`);
  for (const n of s.notes) out.push(`- ${mdEscape(n)}`);
  return out;
}

export function gateMarkdown(r: GateResult): string {
  const out = [`## gcdiag leak gate: ${r.failed ? '❌ failed' : '✅ passed'}`, '', mdEscape(text.verdictLine(r)), ''];
  for (const s of r.series) out.push(...series(s), '');
  out.push(`<sub>config: ${mdEscape(r.config ?? 'none')}; suppression list v${r.suppressionList.version} (${r.suppressionList.entries.map((e) => e.id).join(', ')})</sub>`);
  return out.join('\n');
}
