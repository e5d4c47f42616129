// A capture must never run the program's code: hostile.py logs every hook it
// defines (repr, eq, hash, getattr, getattribute, __class__, a metaclass's
// getattribute/eq/hash, overridden dict/list methods, a module subclass) and
// clears the log just before the snapshot. The log must stay empty, and the
// snapshot must still name and label those objects truly.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { expectInvariants, runSelfCapture, tempDir, type View } from './capture-helpers.js';

let dir: string;
let v: View;
let side: { log: string[]; ids: Record<string, number> };
beforeAll(() => {
  dir = tempDir();
  ({ snap: v, side } = runSelfCapture('hostile', dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => v.index.get(side.ids[name])!;
const labels = (i: number) => v.out[i].map((k) => `${v.edges[k].kind} ${v.edges[k].label}`);

describe('hostile objects', () => {
  it('runs none of their code', () => {
    expect(side.log).toEqual([]);
  });

  it('writes a valid friendly snapshot', () => {
    expect(v.doc.layout).toBe('friendly');
    expectInvariants(v);
  });

  it('names types from type(o), not from a lying __class__, and ignores a fake __sizeof__', () => {
    const h = at('hostile');
    expect(v.type[h]).toBe('__main__.Hostile');
    expect(v.size[h]).toBeLessThan(1000);
    expect(v.follow(h, 'payload', 'attr')).toEqual([at('payload')]);
    expect(v.type[at('raising')]).toBe('__main__.RaisingGetattribute');
    expect(labels(at('raising'))).toContain('attr secret');
    expect(labels(at('slotted'))).toContain('slot left');
  });

  it('labels dict entries without hashing, comparing or repr-ing user keys', () => {
    expect(labels(at('sneaky'))).toEqual(expect.arrayContaining([
      'value [<key of type __main__.Key>]', 'value [<key of type __main__.Name>]', "value ['plain']",
    ]));
    expect(labels(at('keyed'))).toEqual(expect.arrayContaining(["value [(1, 'a')]", 'key [<key of type __main__.Key>]']));
    expect(labels(at('sneaky_list'))).toEqual(expect.arrayContaining(['item [0]', 'item [1]']));
  });

  it('roots real modules only, including a module subclass, without calling its hooks', () => {
    expect(v.root('module hostile_module')).toBeUndefined();
    expect(v.root('module lazy_module')).toBeDefined();
  });
});
