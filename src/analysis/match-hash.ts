// Hashes for matching objects across processes by their labelled path. A path
// key is a 53-bit integer held in a float64 (exact, sortable in a
// Float64Array): two 32-bit lanes, each a chain of MurmurHash3's finaliser
// (fmix32) over the parent's key, the edge label, the edge kind and the
// child's type. Strings are hashed by content, so both snapshots' string
// tables give the same numbers for the same text.

const TWO32 = 4294967296;
const HI_BITS = 0x1fffff; // 21 bits: 21 + 32 = 53, the exact range of a float64
const SEED_A = 0x243f6a88;
const SEED_B = 0x85a308d3;

/** MurmurHash3's 32-bit finaliser (every input bit reaches every output bit). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised; `seed` picks the lane. */
export function stringHash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h ^ s.length);
}

/** Both lanes of one string. */
export function hashPair(s: string): [number, number] {
  return [stringHash(s, SEED_A), stringHash(s, SEED_B)];
}

/**
 * Both lanes of every string of a snapshot's table: [a0, b0, a1, b1, ...].
 * `rename` may give another text to hash for a string (or undefined to keep it).
 */
export function stringHashes(strings: readonly string[], rename?: (s: string) => string | undefined): Uint32Array {
  const out = new Uint32Array(2 * strings.length);
  for (let i = 0; i < strings.length; i++) {
    const s = rename?.(strings[i]) ?? strings[i];
    out[2 * i] = stringHash(s, SEED_A);
    out[2 * i + 1] = stringHash(s, SEED_B);
  }
  return out;
}

/** The key of a path start (a named root), from its name. */
export function rootKey(name: string): number {
  const [a, b] = hashPair(name);
  return join(a, b);
}

function join(a: number, b: number): number {
  return (b & HI_BITS) * TWO32 + a;
}

/** A parent key's share of its children's keys, lane A (computed once per parent). */
export function parentLaneA(parent: number): number {
  return fmix32(fmix32((parent >>> 0) ^ SEED_A) ^ Math.floor(parent / TWO32)); // >>> 0 is exact modulo 2^32 below 2^53
}

export function parentLaneB(parent: number): number {
  return fmix32(fmix32(Math.floor(parent / TWO32) ^ SEED_B) ^ (parent >>> 0));
}

/**
 * The key of the path `parent --label (kind)--> object of type`, from the
 * parent's lanes (parentLaneA/B) and the two hash lanes of label and type.
 */
export function childKey(pa: number, pb: number, labelA: number, labelB: number, kind: number, typeA: number, typeB: number): number {
  const kindMix = Math.imul(kind + 1, 0x27d4eb2f);
  return join(fmix32(fmix32(pa ^ labelA) ^ typeA ^ kindMix), fmix32(fmix32(pb ^ labelB) ^ typeB ^ kindMix));
}

/** childKey for a parent given by its key. */
export function stepKey(parent: number, labelA: number, labelB: number, kind: number, typeA: number, typeB: number): number {
  return childKey(parentLaneA(parent), parentLaneB(parent), labelA, labelB, kind, typeA, typeB);
}

/** One lane of a reference's hash (label, kind, target type), to sum over an object's references. */
export function referenceHash(label: number, kind: number, type: number): number {
  return fmix32(fmix32(label ^ Math.imul(kind + 1, 0x27d4eb2f)) ^ type);
}
