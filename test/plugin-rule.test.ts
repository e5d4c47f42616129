// The plugin's Python pieces against real CPython: the -R rule on regrtest's own
// examples (bpo-30776), and the count-and-bytes pass against sys.getsizeof over
// gc.get_objects() — including a class with a Python __sizeof__ (bypassed, as the
// full capture does) and a metaclass whose __eq__ must never run.
import { describe, it, expect } from 'vitest';
import { runPython } from './capture-helpers.js';

function py(code: string): any {
  const r = runPython(['-c', code]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('gcdiag_capture._leakrule', () => {
  it('leaks when a type grew in every measured run, whatever the size; not when it went up and down', () => {
    const verdicts = py(`
import json
from gcdiag_capture._leakrule import leaks
def series(deltas, warmup=2):
    counts, n = [], 100
    for d in [4, 3][:warmup] + deltas:
        n += d
        counts.append({'t.T': (n, n * 56)})
    return [g.name for g in leaks(counts, warmup)]
cases = {'[3, 0, 0]': [3, 0, 0], '[0, 1, 0]': [0, 1, 0], '[8, -8, 1]': [8, -8, 1], '[5, 5, 6]': [5, 5, 6],
         '[10, 1, 1]': [10, 1, 1], '[1, 1, 1]': [1, 1, 1], '[1000, 1000, 0]': [1000, 1000, 0]}
print(json.dumps({k: bool(series(v)) for k, v in cases.items()}))`);
    expect(verdicts).toEqual({
      '[3, 0, 0]': false, '[0, 1, 0]': false, '[8, -8, 1]': false, '[5, 5, 6]': true,
      '[10, 1, 1]': true, '[1, 1, 1]': true, '[1000, 1000, 0]': false,
    });
  });

  it('refuses a series no longer than its warm-ups', () => {
    const r = runPython(['-c', 'from gcdiag_capture._leakrule import leaks; leaks([{}, {}], 2)']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/need more snapshots \(2\) than warm-up runs \(2\)/);
  });
});

describe('gcdiag_capture._typestats.measure', () => {
  // A Python __sizeof__ is bypassed: the C one plus the headers getsizeof adds.
  it('counts and sizes every type as gc.get_objects() and sys.getsizeof do, running no program code', () => {
    const out = py(`
import gc, json, sys
from gcdiag_capture import _typestats
calls = []
class Meta(type):
    def __eq__(cls, other):
        calls.append('eq'); return type.__eq__(cls, other)
    __hash__ = None
class Odd(metaclass=Meta):
    pass
class PySize(object):
    def __sizeof__(self):
        calls.append('sizeof'); return 10 ** 6
class Slots(object):
    __slots__ = ('a',)
class Plain(object):
    pass
class L(list):
    pass
keep = [Odd() for _ in range(7)] + [PySize() for _ in range(3)] + [Slots() for _ in range(5)] + [L([1, 2])] + [[i] for i in range(3000)]
gc.collect()
gc.disable()
rows, n = _typestats.measure()
want = {}
for o in gc.get_objects():
    size = object.__sizeof__(o) + (sys.getsizeof(Plain()) - object.__sizeof__(Plain())) if type(o) is PySize else sys.getsizeof(o)
    c = want.setdefault(_typestats.qualified_name(type(o)), [0, 0]); c[0] += 1; c[1] += size
got = {r[0]: r[1:] for r in rows}
names = ['__main__.Odd', '__main__.PySize', '__main__.Slots', '__main__.L', 'builtins.function', 'builtins.type']
print(json.dumps({'got': [got[k] for k in names], 'want': [want[k] for k in names], 'calls': calls}))`);
    expect(out.got).toEqual(out.want);
    expect(out.calls).toEqual([]);
  });
});
