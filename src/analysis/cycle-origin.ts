// Whose cycle is it: the program's (its own types, or a third-party
// library's), the standard library's, or the interpreter's own bookkeeping.
// Every class is in a cycle with its __mro__ (and its descriptors, its
// __dict__, a super() method's __class__ cell), modules and their builtin
// functions reference each other, ctypes types with their StgDict: a real heap
// has hundreds of these shapes, and none is a leak. find-cycles lists the
// program's cycles first and counts the interpreter's in one line.
import type { HeapGraph } from '../snapshot/graph.js';
import { STDLIB_MODULES } from './stdlib-modules.js';

export const ORIGINS = ['program', 'stdlib', 'interpreter'] as const;
export type Origin = (typeof ORIGINS)[number];

/** Types that are the interpreter's machinery in a cycle; the ANCHORS among them only occur in its bookkeeping. */
const ANCHORS = new Set([
  'builtins.module', 'builtins.getset_descriptor', 'builtins.member_descriptor', 'builtins.method_descriptor',
  'builtins.wrapper_descriptor', 'builtins.classmethod_descriptor', 'builtins.builtin_function_or_method',
  'builtins.mappingproxy', '_ctypes.StgDict', 'builtins.StgDict', '_abc._abc_data',
]);
const MACHINERY = new Set([
  ...ANCHORS, 'builtins.dict', 'builtins.tuple', 'builtins.cell', 'builtins.function', 'builtins.staticmethod',
  'builtins.classmethod', 'builtins.property', 'builtins.weakref', 'builtins.weakproxy', 'builtins.set',
  'builtins.frozenset', 'builtins.list', 'builtins.method-wrapper', 'builtins.method', 'builtins.code',
  '_frozen_importlib.ModuleSpec', '_frozen_importlib_external.SourceFileLoader', '_frozen_importlib_external.FileFinder',
]);

/** A class object: the capture labels its reference to its __mro__ (its type may be any metaclass). */
export function isClassObject(g: HeapGraph, v: number): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) if (g.strings[g.edgeLabel[e]] === '__mro__') return true;
  return false;
}

const TYPE_EDGE = 9; // EDGE_KINDS.indexOf('type')

/** v's reference to its own class leads into the same cycle. */
function classInCycle(g: HeapGraph, v: number, inCycle: Set<number>): boolean {
  for (let e = g.firstEdge[v]; e < g.firstEdge[v + 1]; e++) if (g.edgeKind[e] === TYPE_EDGE && inCycle.has(g.edgeTo[e])) return true;
  return false;
}

/** The top-level module a type name comes from ("logging" for logging.handlers.RotatingFileHandler). */
function topModule(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}

/**
 * The origin of one cycle (members[from..to)). rootModule: the module the
 * retainer path starts from, if any, decides cycles made of builtin
 * containers alone (a dict and a list referencing each other).
 */
export function cycleOrigin(g: HeapGraph, members: Uint32Array, from: number, to: number, rootModule?: string): Origin {
  let anchored = false;
  let modules = false;
  let machineryOnly = true;
  let stdlib = false;
  let bookkeeping = true;
  let program = false;
  let inCycle: Set<number> | undefined;
  for (let k = from; k < to; k++) {
    const v = members[k];
    const type = g.strings[g.type[v]];
    const top = topModule(type);
    if (isClassObject(g, v)) { anchored = true; continue; }
    if (ANCHORS.has(type)) anchored = true;
    if (type === 'builtins.module') modules = true;
    if (MACHINERY.has(type)) continue;
    machineryOnly = false;
    if (top === 'builtins') continue;
    if (!STDLIB_MODULES.has(top)) { program = true; continue; }
    stdlib = true;
    // A standard-library class and its own instances (an Enum and its members) are its bookkeeping.
    inCycle ??= new Set(members.subarray(from, to));
    bookkeeping &&= classInCycle(g, v, inCycle);
  }
  // Modules referencing each other (sys.modules, imports in globals) are one big component that
  // catches whatever module globals tie back to a module: the import system, not a leak.
  if (modules || (anchored && (machineryOnly || (!program && stdlib && bookkeeping)))) return 'interpreter';
  if (program) return 'program';
  if (stdlib) return 'stdlib';
  return rootModule !== undefined && STDLIB_MODULES.has(topModule(rootModule)) ? 'stdlib' : 'program';
}
