// Known ways Python code keeps objects alive without meaning to, recognised on
// a retainer path (type names and reference labels as CPython and the capture
// name them). Each comes with a one-line explanation and the usual fix.
import type { HeapGraph } from '../snapshot/graph.js';
import { EDGE_KINDS } from '../snapshot/schema.js';
import type { RetainerPath } from './paths.js';
import type { CacheFacts, TrapContext } from './trap-context.js';
import { listenerTrap } from './trap-listener.js';

export { trapContext, type TrapContext } from './trap-context.js';

export const TRAP_KINDS = ['finalize-holds-referent', 'finalize-holds-arguments', 'lru-cache-holds-self', 'lru-cache', 'exception-holds-frames', 'listener-holds-self'] as const;
export type TrapKind = (typeof TRAP_KINDS)[number];

/** One object on a path and its reference to the next. */
export interface Hop { type: string; label: string; kind: string }

export interface Trap {
  kind: TrapKind;
  /** The part of the path that shows it, e.g. _Info.func → method.__self__. */
  via: Hop[];
  explanation: string;
}

const EXPLAIN: Record<TrapKind, string> = {
  'finalize-holds-referent': 'weakref.finalize(obj, obj.close): the bound method\'s __self__ is obj, so the finalizer registry keeps obj alive until exit and the finalizer never runs earlier; pass a function that does not hold obj (e.g. weakref.finalize(obj, close_socket, obj.sock))',
  'finalize-holds-arguments': 'weakref.finalize keeps its callback and arguments alive until it runs: if they hold the object being watched, that object is never collected',
  'lru-cache-holds-self': 'functools.lru_cache on a method: each cache key (self, args…) keeps the instance alive as long as the class lives; use functools.cached_property, a per-instance cache, or weak references',
  'lru-cache': 'held by a functools.lru_cache: entries stay until evicted (never, with maxsize=None)',
  'exception-holds-frames': 'a stored exception keeps its traceback, the traceback\'s frames and every local variable in them alive (exception → __traceback__ → tb_frame → locals); keep str(exc) instead, or call traceback.clear_frames(exc.__traceback__)',
  'listener-holds-self': 'a bound method kept in a listener or callback registry holds its object (method.__self__): the object lives as long as the registry; remove the listener when the object is done with, or register weakref.WeakMethod(obj.method) and skip it once dead',
};

function hops(p: RetainerPath): Hop[] {
  const out: Hop[] = p.steps.map((s) => ({ type: s.type, label: s.label, kind: s.kind }));
  out.push({ type: p.target.type, label: '', kind: '' });
  return out;
}

function finalizeTrap(p: RetainerPath, h: Hop[]): Trap | undefined {
  let at = p.root?.kind === 'finalize' ? 0 : h.findIndex((x) => /(^|\.)finalize(\._Info)?$/.test(x.type));
  if (at < 0) return undefined;
  const call = h.findIndex((x, k) => k >= at && ['func', 'args', 'kwargs'].includes(x.label));
  if (call < 0) return undefined;
  const self = h.findIndex((x, k) => k > call && x.type === 'builtins.method' && x.label === '__self__');
  if (self >= 0 && h[call].label === 'func' && self === call + 1) {
    return trap('finalize-holds-referent', h, call, self);
  }
  at = call;
  return trap('finalize-holds-arguments', h, at, at);
}

function lruTrap(p: RetainerPath, h: Hop[], ctx: TrapContext | undefined): Trap | undefined {
  const wrapper = h.findIndex((x) => x.type.endsWith('_lru_cache_wrapper'));
  if (wrapper < 0 || wrapper === h.length - 1) return undefined;
  const facts = ctx?.caches.get(p.steps[wrapper].id);
  const grew = facts?.sizeBefore !== undefined && facts.size > facts.sizeBefore;
  // A bounded cache that did not grow holds what it was sized for: not a leak (urlsplit keeps 128).
  if (facts && facts.maxsize !== null && !grew) return undefined;
  const key = h.findIndex((x, k) => k > wrapper && x.kind === 'key');
  const holdsSelf = key >= 0 && h[key + 1]?.type === 'builtins.tuple' && ['[0]', '0'].includes(h[key + 1].label);
  const t = holdsSelf ? trap('lru-cache-holds-self', h, wrapper, key + 1) : trap('lru-cache', h, wrapper, wrapper);
  if (facts) t.explanation = `${cacheText(facts)}; ${holdsSelf ? t.explanation : lruAdvice(facts)}`;
  return t;
}

function lruAdvice(c: CacheFacts): string {
  if (c.maxsize === null) return 'its entries are never evicted, so it grows with every new argument: give it a maxsize, or call cache_clear() when the entries are stale';
  return 'it evicts the least recently used entries past its maxsize, so this growth stops there; lower maxsize if that bound is too much memory';
}

/** The cache's own numbers, e.g. "app.load: unbounded (maxsize=None), 30 entries, 12 more than before". */
function cacheText(c: CacheFacts): string {
  const name = c.function ? `lru_cache of ${c.function}` : 'lru_cache';
  const bound = c.maxsize === null ? 'unbounded (maxsize=None)' : c.maxsize === undefined ? 'bounded' : `bounded (maxsize=${c.maxsize})`;
  const grew = c.sizeBefore !== undefined && c.size > c.sizeBefore ? `, grew from ${c.sizeBefore} between the snapshots` : '';
  return `${name}: ${bound}, ${c.size} entries${grew}`;
}

function exceptionTrap(h: Hop[]): Trap | undefined {
  const tb = h.findIndex((x) => x.label === '__traceback__' || x.type === 'builtins.traceback');
  if (tb < 0) return undefined;
  const frame = h.findIndex((x, k) => k > tb && x.type === 'builtins.frame');
  return frame < 0 ? undefined : trap('exception-holds-frames', h, tb, frame);
}

export function trap(kind: TrapKind, h: Hop[], from: number, to: number): Trap {
  return { kind, via: h.slice(from, to + 1), explanation: EXPLAIN[kind] };
}

/**
 * The traps a retainer path shows. ctx (trapContext) adds what the path cannot
 * say: without it every lru_cache on a path is reported, bounded or not.
 */
export function trapsOnPath(p: RetainerPath, ctx?: TrapContext): Trap[] {
  const h = hops(p);
  return [finalizeTrap(p, h), lruTrap(p, h, ctx), exceptionTrap(h), listenerTrap(p, h)].filter((t): t is Trap => t !== undefined);
}

/** Traps of several paths. */
export function trapsOnPaths(paths: RetainerPath[], ctx?: TrapContext): Trap[] {
  return dedupeTraps(paths.flatMap((p) => trapsOnPath(p, ctx)));
}

/** Each kind + via once. */
export function dedupeTraps(traps: Trap[]): Trap[] {
  const seen = new Map<string, Trap>();
  for (const t of traps) seen.set(`${t.kind} ${JSON.stringify(t.via)}`, t);
  return [...seen.values()];
}

/** The first reference of v to an object of a type (and the edge), or -1. */
function referenceTo(g: HeapGraph, v: number, type: string, label?: string): number {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) {
    if (g.strings[g.type[g.edgeTo[e]]] === type && (label === undefined || g.strings[g.edgeLabel[e]] === label)) return e;
  }
  return -1;
}

/**
 * Traps an object sets itself, beyond its retainer path: an exception kept
 * somewhere keeps its own traceback's frames (exception → __traceback__ → tb_frame).
 */
export function trapsOfObject(g: HeapGraph, v: number): Trap[] {
  const tbEdge = referenceTo(g, v, 'builtins.traceback', '__traceback__');
  if (tbEdge < 0) return [];
  const tb = g.edgeTo[tbEdge];
  const frameEdge = referenceTo(g, tb, 'builtins.frame');
  if (frameEdge < 0) return [];
  const hop = (u: number, e: number): Hop => ({ type: g.strings[g.type[u]], label: g.strings[g.edgeLabel[e]], kind: EDGE_KINDS[g.edgeKind[e]] });
  return [trap('exception-holds-frames', [hop(v, tbEdge), hop(tb, frameEdge), { type: 'builtins.frame', label: '', kind: '' }], 0, 2)];
}
