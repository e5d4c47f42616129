// Retainer paths and cycles as one line of text:
//   module app.cache → _CACHE → dict[('/item/7', 7)] → Response.req → Request
// Types are shown by their last name; a run of identical steps is "(Node.next ×999,999)".
import type { PathStep, RetainerPath } from '../analysis/paths.js';
import type { Trap } from '../analysis/traps.js';
import { hexId } from './format.js';

const LABEL_MAX = 48;
const STEPS_SHOWN = 12;

export function shortType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot < 0 ? type : type.slice(dot + 1);
}

function clip(s: string): string {
  return s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s;
}

/**
 * How an object names its reference: Response.req, dict[('/item/7', 7)],
 * dict{key ('/item/7', 7)}. Item labels come as "[0]" from the capture (or bare).
 */
export function stepText(type: string, label: string, kind: string): string {
  const t = shortType(type);
  if (!label) return t;
  const bare = label.startsWith('[') && label.endsWith(']') ? label.slice(1, -1) : label;
  if (kind === 'item' || kind === 'value') return `${t}[${clip(bare)}]`;
  if (kind === 'key') return `${t}{key ${clip(bare)}}`;
  return `${t}.${clip(label)}`;
}

function stepsText(steps: PathStep[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const one = stepText(s.type, s.label, s.kind);
    if (s.repeat >= 3) out.push(`(${one} ×${s.repeat.toLocaleString('en-US')})`);
    else for (let k = 0; k < s.repeat; k++) out.push(one);
  }
  if (out.length <= STEPS_SHOWN) return out;
  const half = STEPS_SHOWN / 2;
  return [...out.slice(0, half), `… ${out.length - STEPS_SHOWN} more …`, ...out.slice(-half)];
}

export function pathStart(p: RetainerPath): string[] {
  if (p.held === 'outside') {
    const o = p.outside!;
    if (o.holder) return [`${shortType(o.holder.type)} ${hexId(o.holder.id)} (through a C field the collector does not traverse)`];
    return [`held from outside the snapshot (refcount ${o.refcount}, ${o.recorded} recorded)`];
  }
  if (!p.root) return [];
  return p.root.label ? [p.root.name, clip(p.root.label)] : [p.root.name];
}

export function pathText(p: RetainerPath): string {
  if (p.held === 'unreachable') return `unreachable: no path from a root to ${shortType(p.target.type)}`;
  return [...pathStart(p), ...stepsText(p.steps), shortType(p.target.type)].join(' → ');
}

/** A cycle drawn from its first member back to it: Node.next → Node.prev → ↺ */
export function cycleText(steps: PathStep[]): string {
  return [...stepsText(steps), '↺'].join(' → ');
}

export function signed(n: number): string {
  return n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "⚠ kind: _Info.func → method.__self__" and its explanation on the next line. */
export function trapText(t: Trap, indent = ''): string[] {
  return [`${indent}⚠ ${t.kind}: ${t.via.map((h) => stepText(h.type, h.label, h.kind)).join(' → ')}`, `${indent}  ${t.explanation}`];
}
