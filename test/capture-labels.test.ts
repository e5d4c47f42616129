// Edge labels on heap shapes that take every labelling path. Most objects are
// labelled in bulk (by type and edge count, by a dict's keys, by __slots__);
// the rest one object at a time. The program checks, on its own heap, that
// both ways give every edge the same label and kind, and the snapshot it
// writes names the edges of a few objects as Python would.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRA_PYTHONS, PYTHON, pythonName, readSnapshot, runPython, tempDir, type View } from './capture-helpers.js';

const PROGRAM = String.raw`
import collections, gc, json, os, sys
from array import array
import gcdiag_capture
from gcdiag_capture import _capture, _heap, _labels, _native
from gcdiag_capture._containers import OTHER
from gcdiag_capture._strings import Strings


class P(object):
    def __init__(self, a, b):
        self.a = a
        self.b = b


class P1(object):
    def __init__(self, x):
        self.x = x


class SFull(object):
    __slots__ = ('name', 'orders', 'extra')


class SUnset(object):
    __slots__ = ('name', 'orders')


class SDup(object):
    __slots__ = ('left', 'right')


class SSub(SFull):
    __slots__ = ('more',)


class SWithDict(object):
    __slots__ = ('a', '__dict__')


class DS(dict):
    pass


def build():
    k = {}
    k['p'] = P([1], [2])
    q = k['reordered'] = P.__new__(P)
    q.b = [3]
    q.a = [4]
    r = k['deleted'] = P([5], [6])
    del r.a
    m = k['materialized'] = P([7], [8])
    m.__dict__
    t = P.__new__(P)
    t.b = k['det_b'] = [9]
    t.a = k['det_a'] = [10]
    k['detached'] = t.__dict__   # a split dict outliving its instance, values out of key order
    del t
    k['p1'] = P1([11])
    p1m = k['p1_dict'] = P1([12])
    p1m.__dict__
    fulls = k['fulls'] = []
    for j in range(3):
        s = SFull()
        s.name, s.orders, s.extra = 'n%d' % j, [j], None
        fulls.append(s)
    s = k['unset'] = SUnset()
    s.name = 'only name'
    s = k['both'] = SUnset()
    s.name, s.orders = 'both', []
    s = k['dup'] = SDup()
    s.left = s.right = [13]
    s = k['self_type'] = SDup()
    s.left, s.right = SDup, [14]
    s = k['sub'] = SSub()
    s.name, s.orders, s.extra, s.more = 'sub', [], 1, [15]
    s = k['slots_dict'] = SWithDict()
    s.a = [16]
    s.b = [17]
    k['str_keys'] = {'a': [1], 'b': [2]}
    k['same_keys'] = {'a': [3], 'b': [4]}
    k['other_order'] = {'b': [5], 'a': [6]}
    k['int_keys'] = {1: [1], 2: [2], -3: [3]}
    k['big_int'] = {2 ** 300: [1], 5: [2]}
    k['mixed'] = {True: [1], None: [2], 1.5: [3], b'x': [4], (1, 'a'): [5], 'str': [6]}
    k['long_key'] = {'x' * 200: [7]}
    k['ordered'] = collections.OrderedDict(a=[1], b=[2])
    k['default'] = collections.defaultdict(list, a=[1])
    k['subclass'] = DS(a=[1])
    k['big_list'] = [[j] for j in range(5000)]
    k['tuple'] = (1, 2, [3])
    k['set'] = {1, 2, (3, list)}
    k['frozen'] = frozenset([4, 5])
    k['flags'] = sys.flags
    k['stat'] = os.stat('.')
    return k


class Counting(_labels.Labeller):
    """Counts what each bulk path labelled."""
    def run(self):
        self.used = {'static': 0, 'dicts': 0, 'slots': 0}
        return _labels.Labeller.run(self)

    def static_parts(self, info, m):
        got = _labels.Labeller.static_parts(self, info, m)
        self.used['static'] += got[0] is not None
        return got

    def bulk_dicts(self, busy, ks, labs, kinds):
        left = _labels.Labeller.bulk_dicts(self, busy, ks, labs, kinds)
        self.used['dicts'] += len(ks) - len(left)
        return left

    def bulk_slots(self, busy, ks, labs, kinds):
        left = _labels.Labeller.bulk_slots(self, busy, ks, labs, kinds)
        self.used['slots'] += len(ks) - len(left)
        return left


def both_ways():
    """Label this heap in bulk and one object at a time; the differing edges."""
    gc.collect()
    gc.disable()
    h = _heap.collect(_capture.PREFIX, _capture.PACKAGE)
    _heap.classify_extra(h, gc.get_freeze_count())
    h.first = _heap.offsets(h.counts)
    ids = _heap.object_ids(h)
    infos, unique, type_name = _capture._type_infos(h.objs)
    bulk = Counting(h, ids, infos, unique, Strings(), type_name)
    lab, kind = bulk.run()
    one = _labels.Labeller(h, ids, infos, unique, Strings(), type_name)
    m = len(h.edge_to)
    one.label, one.kind = array(_labels.LABEL_TYPE, [0]) * m, array('b', [OTHER]) * m
    one._mark_namespaces()
    for i in range(len(h.objs)):
        if h.counts[i]:
            one.object(i, h.objs[i], h.first[i], h.first[i + 1])
    bad = []
    for i in range(len(h.objs)):
        for e in range(h.first[i], h.first[i + 1]):
            x = (bulk.s.list[lab[e]], kind[e])
            y = (one.s.list[one.label[e]], one.kind[e])
            if x != y:
                bad.append('%s edge %d: %r, one at a time %r' % (infos[i].name, e - h.first[i], x, y))
    gc.enable()
    return {'edges': m, 'objects': len(h.objs), 'bad': bad[:10], 'n_bad': len(bad), 'used': bulk.used}


def main(out, side):
    k = build()
    gcdiag_capture.snapshot(out)
    ids = {name: id(o) for name, o in k.items()}
    ids['fulls'] = [id(s) for s in k['fulls']]
    ids['full_values'] = [[id(s.name), id(s.orders), id(s.extra)] for s in k['fulls']]
    ids['int_values'] = [id(k['int_keys'][j]) for j in (1, 2, -3)]
    ids['int_key_objects'] = [id(j) for j in k['int_keys']]
    ids['big_values'] = [id(v) for v in k['big_int'].values()]
    ids['unset_name'] = id(k['unset'].name)
    ids['sub_values'] = [id(k['sub'].more), id(k['sub'].name)]
    ids['dup_value'] = id(k['dup'].left)
    ids['self_type_right'] = id(k['self_type'].right)
    checked = both_ways()
    checked['ids'] = ids
    checked['inline_names'] = bool(_native.INLINE_NAMES)
    checked['version'] = list(sys.version_info[:2])
    with open(side, 'w') as f:
        json.dump(checked, f)


main(sys.argv[1], sys.argv[2])
`;

let dir: string;
beforeAll(() => { dir = tempDir(); writeFileSync(join(dir, 'labels.py'), PROGRAM); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(python: string, tag: string): { v: View; side: any } {
  const out = join(dir, `labels-${tag}.json`);
  const sidePath = join(dir, `labels-${tag}.side.json`);
  const r = runPython([join(dir, 'labels.py'), out, sidePath], python);
  expect(r.stderr).not.toMatch(/Traceback/);
  expect(r.status).toBe(0);
  return { v: readSnapshot(out), side: JSON.parse(readFileSync(sidePath, 'utf8')) };
}

function edgesOf(v: View, id: number): { label: string; kind: string; to: number }[] {
  const i = v.index.get(id)!;
  expect(i, `object ${id} in the snapshot`).toBeDefined();
  return v.out[i].map((k) => v.edges[k]).map((e) => ({ label: e.label, kind: e.kind, to: v.id[e.to] }));
}

function check(python: string, tag: string): void {
  const { v, side } = run(python, tag);
  // Bulk and one-at-a-time labelling agree on every edge of the heap …
  expect(side.bad).toEqual([]);
  expect(side.n_bad).toBe(0);
  // … and the bulk paths did label this heap.
  expect(side.used.static).toBeGreaterThan(0);
  expect(side.used.dicts).toBeGreaterThan(0);
  if (side.inline_names) expect(side.used.slots).toBeGreaterThan(0);
  const ids = side.ids;
  // Slots by name, the class last.
  for (let j = 0; j < 3; j++) {
    const e = edgesOf(v, ids.fulls[j]);
    const [name, orders, extra] = ids.full_values[j];
    expect(e).toContainEqual({ label: 'name', kind: 'slot', to: name });
    expect(e).toContainEqual({ label: 'orders', kind: 'slot', to: orders });
    expect(e).toContainEqual({ label: 'extra', kind: 'slot', to: extra });
    expect(e.filter((x) => x.kind === 'type')).toHaveLength(1);
    expect(e).toHaveLength(4);
  }
  expect(edgesOf(v, ids.unset)).toContainEqual({ label: 'name', kind: 'slot', to: ids.unset_name });
  expect(edgesOf(v, ids.sub)).toContainEqual({ label: 'more', kind: 'slot', to: ids.sub_values[0] });
  expect(edgesOf(v, ids.sub)).toContainEqual({ label: 'name', kind: 'slot', to: ids.sub_values[1] });
  const dup = edgesOf(v, ids.dup).filter((x) => x.to === ids.dup_value).map((x) => x.label).sort();
  expect(dup).toEqual(['left', 'right']);
  expect(edgesOf(v, ids.self_type)).toContainEqual({ label: 'right', kind: 'slot', to: ids.self_type_right });
  // A split dict whose values are out of key order still names each value by its key.
  const det = edgesOf(v, ids.detached);
  expect(det).toContainEqual({ label: "['a']", kind: 'value', to: ids.det_a });
  expect(det).toContainEqual({ label: "['b']", kind: 'value', to: ids.det_b });
  // Int keys: value and key edges, labelled as Python writes the key; a huge one by its size.
  const ints = edgesOf(v, ids.int_keys);
  ['[1]', '[2]', '[-3]'].forEach((label, j) => {
    expect(ints).toContainEqual({ label, kind: 'value', to: ids.int_values[j] });
    if (v.index.has(ids.int_key_objects[j])) expect(ints).toContainEqual({ label, kind: 'key', to: ids.int_key_objects[j] });
  });
  const big = edgesOf(v, ids.big_int);
  expect(big).toContainEqual({ label: '[<int of 301 bits>]', kind: 'value', to: ids.big_values[0] });
  expect(big).toContainEqual({ label: '[5]', kind: 'value', to: ids.big_values[1] });
}

describe('edge labels: bulk and one object at a time agree', () => {
  it(PYTHON, () => check(PYTHON, 'default'));
  it('without the native reader (GCDIAG_CAPTURE_NO_CTYPES=1)', () => {
    process.env.GCDIAG_CAPTURE_NO_CTYPES = '1';
    try {
      check(PYTHON, 'no-ctypes');
    } finally {
      delete process.env.GCDIAG_CAPTURE_NO_CTYPES;
    }
  });
  for (const py of EXTRA_PYTHONS) {
    it.skipIf(!py.exe)(pythonName(py), () => check(py.exe!, py.exe!.replace(/\W+/g, '_')));
  }
});
