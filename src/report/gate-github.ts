// `gcdiag gate --format github`: GitHub Actions workflow commands, one
// `::error` per failing type (and uncollectable objects, the total budget),
// `::warning` for cyclic garbage. Data and property values are escaped as the
// runner requires (% \r \n in data; also : and , in properties).
import type { GateResult, SeriesResult } from '../gate/result.js';
import * as text from './gate-text.js';

export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(kind: 'error' | 'warning', title: string, message: string): string {
  return `::${kind} title=${ghProperty(title)}::${ghData(message)}`;
}

function series(s: SeriesResult): string[] {
  const where = text.seriesName(s);
  const out: string[] = [];
  for (const f of s.findings.filter((x) => x.failed)) {
    const lines = [text.findingText(f), text.pathLine(f) && `held by: ${text.pathLine(f)}`, text.siteLine(f) && `allocated at: ${text.siteLine(f)}`].filter(Boolean);
    out.push(command('error', `leak: ${f.type} in ${where}`, lines.join('\n')));
  }
  const unc = text.uncollectableLine(s);
  if (unc) out.push(command('error', `uncollectable objects in ${where}`, unc));
  if (s.totalBytes.failed) out.push(command('error', `total bytes over budget in ${where}`, text.totalLine(s)!));
  const g = text.garbageLine(s);
  if (g) out.push(command(s.garbage.failed ? 'error' : 'warning', `cyclic garbage in ${where}`, g));
  return out;
}

export function gateGithub(r: GateResult): string {
  const out = r.series.flatMap(series);
  out.push(`gcdiag ${text.verdictLine(r)}`);
  return out.join('\n');
}
