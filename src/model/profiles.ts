// One profile per CPython family: every per-version rule lives here, so the
// collector never asks "if (version >= ...)". Sources: ../shared/research/cpython-gc.md
// (cited as §n) and CPython's Modules/gcmodule.c (<= 3.11) / Python/gc.c (3.12+).

export type CollectorKind = 'generational' | 'incremental';

export interface Freelists {
  /** Objects made by list displays / PyList_New reuse freed lists (no count change). */
  list: number;
  /** Same for dict displays / PyDict_New. */
  dict: number;
  /** Parked tuples per size. */
  tuple: number;
  /** Largest tuple size parked on free, and largest size reused (3.11 parks 20-tuples but never reuses them). */
  tuplePushMax: number;
  tuplePopMax: number;
  /** Bound method objects (Objects/classobject.c kept a free_list of 256 up to 3.8; 0: none). */
  method: number;
}

export interface Profile {
  /** Family name shown to users, e.g. "3.12". */
  name: string;
  versions: string;
  collector: CollectorKind;
  thresholds: [number, number, number];
  /** What gen0/young count counts: GC allocations (<= 3.13, 3.14.0, 3.14.5+) or tracked objects (3.14.1-3.14.4). */
  countOn: 'alloc' | 'track';
  /** <= 3.11 collects inside the allocator; 3.12+ schedules and runs at the next eval-breaker check (§3.2). */
  trigger: 'sync' | 'safepoint';
  /** <= 3.10: instances of plain classes own a real __dict__ object (allocated on the first attribute store). */
  instanceDictObject: boolean;
  /** <= 3.13: dicts start untracked and only full collections untrack them again (§5.3). */
  untrackDicts: boolean;
  /** 3.14.1+: tuples whose items are all of non-GC types are created untracked. */
  tuplesUntrackedAtCreation: boolean;
  /** 3.9+ handle_resurrected_objects; <= 3.8 any resurrection revives the whole unreachable set (§5.6). */
  resurrection: 'per-object' | 'revive-all';
  /**
   * revive-all only: 3.7/3.8 count the collected objects after check_garbage (none
   * when the set was revived); up to 3.6 they were counted before the finalizers ran.
   */
  countAfterCheck: boolean;
  /** bpo-38006: weakrefs that are themselves trash are cleared (3.9+; [UNCERTAIN] for 3.7/3.8). */
  clearTrashWeakrefs: boolean;
  /** gh-91636: a second weakref clearing pass after finalizers (3.14.4+). */
  secondWeakrefPass: boolean;
  /** PEP 442 (3.4+): __del__ in cycles runs; before 3.4 such cycles were uncollectable. */
  pep442: boolean;
  /** 3.12/3.13 move immortal objects met by update_refs to the permanent generation. */
  immortalToPermanent: boolean;
  freelists: Freelists | null;
  /** Incremental collector (3.14.0-3.14.4): skip an increment while work_to_do is negative (3.14.1+). */
  incrementalEarlyReturn: boolean;
  /** PyObject_ClearWeakRefs builds its tuple even for a single callback ref (3.13+); 3.11/3.12 only for two or more. */
  weakrefTupleAlways: boolean;
  /** heap_size minus the number of tracked objects (measured -3 on 3.14.2). */
  heapSizeOffset: number;
  /**
   * <= 3.11: the legacy tp_del of _testcapi.with_tp_del looks __tp_del__ up with
   * _PyObject_LookupSpecial, which makes a bound method (a GC allocation) per call.
   */
  tpDelBoundMethod: boolean;
  /** <= 3.10: a Python call needs a frame object, a GC allocation unless a spare one is kept (frames.ts). */
  frameObjects: boolean;
}

const FREELISTS: Freelists = { list: 80, dict: 80, tuple: 2000, tuplePushMax: 20, tuplePopMax: 19, method: 0 };
const FREELISTS_38: Freelists = { ...FREELISTS, method: 256 };
const FREELISTS_312: Freelists = { ...FREELISTS, tuplePopMax: 20 };

const gen311: Profile = {
  name: '3.11', versions: '3.9-3.11', collector: 'generational', thresholds: [700, 10, 10],
  countOn: 'alloc', trigger: 'sync', instanceDictObject: false, untrackDicts: true,
  tuplesUntrackedAtCreation: false, resurrection: 'per-object', countAfterCheck: false, clearTrashWeakrefs: true,
  secondWeakrefPass: false, pep442: true, immortalToPermanent: false, freelists: FREELISTS,
  incrementalEarlyReturn: false, weakrefTupleAlways: false, heapSizeOffset: 0, tpDelBoundMethod: true,
  frameObjects: false,
};
const gen313: Profile = { ...gen311, name: '3.13', versions: '3.13', trigger: 'safepoint', thresholds: [2000, 10, 10],
  immortalToPermanent: true, freelists: FREELISTS_312, weakrefTupleAlways: true, tpDelBoundMethod: false };

export const PROFILES: Record<string, Profile> = {
  '2.7': { ...gen311, name: '2.7', versions: '2.x-3.3 (pre-PEP 442)', pep442: false, instanceDictObject: true, freelists: FREELISTS_38,
    resurrection: 'revive-all', clearTrashWeakrefs: false },
  '3.6': { ...gen311, name: '3.6', versions: '3.4-3.6', instanceDictObject: true, frameObjects: true, resurrection: 'revive-all', freelists: FREELISTS_38,
    clearTrashWeakrefs: false },
  '3.8': { ...gen311, name: '3.8', versions: '3.7-3.8', instanceDictObject: true, frameObjects: true, resurrection: 'revive-all', freelists: FREELISTS_38,
    countAfterCheck: true, clearTrashWeakrefs: false },
  '3.10': { ...gen311, name: '3.10', versions: '3.9-3.10', instanceDictObject: true, frameObjects: true },
  '3.11': gen311,
  '3.12': { ...gen311, name: '3.12', versions: '3.12', trigger: 'safepoint', immortalToPermanent: true, freelists: FREELISTS_312,
    tpDelBoundMethod: false },
  '3.13': gen313,
  '3.14.0': { ...gen313, name: '3.14.0', versions: '3.14.0', collector: 'incremental', thresholds: [2000, 10, 0],
    untrackDicts: false, immortalToPermanent: false },
  '3.14.2': { ...gen313, name: '3.14.2', versions: '3.14.1-3.14.3', collector: 'incremental', thresholds: [2000, 10, 0],
    countOn: 'track', untrackDicts: false, tuplesUntrackedAtCreation: true, incrementalEarlyReturn: true,
    immortalToPermanent: false, heapSizeOffset: -3 },
  '3.14.5': { ...gen313, name: '3.14.5', versions: '3.14.5+', untrackDicts: false, tuplesUntrackedAtCreation: true,
    secondWeakrefPass: true, immortalToPermanent: false },
};
PROFILES['3.14.4'] = { ...PROFILES['3.14.2'], name: '3.14.4', versions: '3.14.4', secondWeakrefPass: true };

export const DEFAULT_PYTHON = '3.11';

/** Resolve a user version string ("3.12", "3.14.2", "3.9") to its profile. */
export function profileFor(version: string): Profile | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
  if (!m) return undefined;
  const [major, minor, micro] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  if (major === 2) return PROFILES['2.7'];
  if (major !== 3) return undefined;
  if (minor <= 3) return PROFILES['2.7'];
  if (minor <= 6) return PROFILES['3.6'];
  if (minor <= 8) return PROFILES['3.8'];
  if (minor <= 10) return PROFILES['3.10'];
  if (minor === 11) return PROFILES['3.11'];
  if (minor === 12) return PROFILES['3.12'];
  if (minor === 13) return PROFILES['3.13'];
  if (minor === 14) {
    // A bare "3.14" means the current 3.14 release line (3.14.5+, generational again).
    if (micro === undefined || micro >= 5) return PROFILES['3.14.5'];
    if (micro === 0) return PROFILES['3.14.0'];
    return micro === 4 ? PROFILES['3.14.4'] : PROFILES['3.14.2'];
  }
  // 3.15 changes weakref clearing again (GH-135552): no profile until it is modelled.
  return undefined;
}

export const KNOWN_VERSIONS = '2.7, 3.4-3.13, 3.14.0-3.14.x';
