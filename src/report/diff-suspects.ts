// The leak suspects that lead the snapshot-diff report, as text lines and as
// Markdown: what retains the new objects, its commonest path (×N), how much it
// gained, of which types, and where the new structures were allocated.
import type { DiffResult } from '../analysis/diff.js';
import type { Suspect } from '../analysis/suspects.js';
import { bytes, hexId, heading } from './format.js';
import { mdCode, mdText } from './markdown.js';
import { count, pathText, shortType, signed, trapText } from './why-path.js';
import { signedBytes } from './diff-cells.js';
import { siteText } from './site.js';

function holder(s: Suspect): string {
  if (s.kind === 'outside') return 'held from outside the snapshot (C code, frames not captured)';
  if (s.kind === 'unreachable') return 'cyclic garbage not yet collected (the next full collection frees it)';
  const r = s.retainer!;
  return `${r.name ? `type ${r.name}` : `${shortType(r.type)} ${hexId(r.id)}`}${r.new ? ' (itself new)' : ''}`;
}

/** "list 0x7f… gained +400 new objects, +75.2 KiB (retains 1.4 MiB)": the retainer first, it is the answer. */
function headline(s: Suspect): string {
  const gone = s.goneObjects ? `, lost ${count(s.goneObjects)}` : '';
  const retains = s.retainer ? ` (retains ${bytes(s.retainer.retained)})` : '';
  const verb = s.kind === 'object' ? ' gained' : ':';
  return `${holder(s)}${verb} ${signed(s.newObjects)} new objects, ${signedBytes(s.newBytes)}${gone}${retains}`;
}

function typesText(s: Suspect): string {
  return s.types.map((t) => `${shortType(t.type)} ${signed(t.count)}`).join(', ');
}

function sitesText(s: Suspect): string {
  return s.sites.map((x) => `${siteText(x.site)} ×${count(x.count)}`).join(', ');
}

export function nothingGrewLine(r: DiffResult): string {
  const replaced = r.identity.new ? `; ${count(r.identity.new)} new objects took the place of ${count(r.identity.gone)} gone ones` : '';
  return `Nothing grew: no object holds ${count(r.minGrowth.objects)} more objects (or ${bytes(r.minGrowth.bytes)} more) than before${replaced}.`;
}

function omitted(r: DiffResult): string[] {
  const k = r.suspectsOmitted;
  return k ? [`(${count(k)} more retainer${k === 1 ? '' : 's'} grew: see --suspects)`] : [];
}

export function suspectLines(r: DiffResult): string[] {
  if (r.nothingGrew) return [nothingGrewLine(r)];
  if (!r.suspects.length) return omitted(r);
  const out = [heading('Leak suspects: what holds the new objects, biggest growth first')];
  r.suspects.forEach((s, k) => {
    out.push(`${k + 1}. ${headline(s)}`);
    out.push(`   ×${count(s.path.count)} ${pathText(s.path.path)}`);
    out.push(`   of types: ${typesText(s)}`);
    if (s.sites.length) out.push(`   allocated at: ${sitesText(s)}`);
    for (const t of s.traps) out.push(...trapText(t, '   '));
  });
  return [...out, ...omitted(r)];
}

export function suspectMarkdown(r: DiffResult): string[] {
  if (r.nothingGrew) return [`**${mdText(nothingGrewLine(r))}**`];
  if (!r.suspects.length) return omitted(r).map(mdText);
  return [
    '### Leak suspects', '',
    '| # | held by | path (×heads of this shape) | new objects | new bytes | types | allocated at |',
    '|---:|---|---|---:|---:|---|---|',
    ...r.suspects.map((s, k) => `| ${k + 1} | ${mdText(holder(s) + (s.retainer ? `, retains ${bytes(s.retainer.retained)}` : ''))} | ×${count(s.path.count)} ${mdCode(pathText(s.path.path), true)} | ${signed(s.newObjects)} | ${signedBytes(s.newBytes)} | ${mdText(typesText(s))} | ${s.sites.length ? mdCode(sitesText(s), true) : ''} |`),
    ...omitted(r).map((l) => `\n${mdText(l)}`),
  ];
}
