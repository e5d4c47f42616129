// The byte-level event reader must accept exactly what JSON.parse + the zod
// schema accept (a subset of it, the rest falling back), with the same result.
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { fastEvent } from '../../src/trace/fast-line.js';
import { quickEvent } from '../../src/trace/quick.js';
import { Event } from '../../src/trace/schema.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const id = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 2 ** 40 }), fc.constant(null), fc.double());
const key = fc.constantFrom('op', 'id', 'type', 'bind', 'var', 'to', 'vars', 'obj', 'field', 'x', '__proto__');
const op = fc.constantFrom('new', 'bind', 'unbind', 'set', 'collect', 'nope');
const value = fc.oneof(id, op, fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }), fc.boolean(), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
const randomish = fc.tuple(op, fc.dictionary(key, value, { maxKeys: 5 })).map(([o, rest]) => ({ ...rest, op: o }));
// Near-valid events, so that the accepting paths are exercised too.
const nearValid = fc.oneof(
  fc.record({ op: fc.constant('new'), id, type: fc.string({ maxLength: 5 }), bind: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }) }, { requiredKeys: ['op', 'id', 'type'] }),
  fc.record({ op: fc.constant('bind'), var: fc.string({ maxLength: 4 }), to: id }),
  fc.record({ op: fc.constant('unbind'), vars: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }) }),
  fc.record({ op: fc.constant('set'), obj: id, field: fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 9 })), to: id }),
);
const eventLike = fc.oneof(randomish, nearValid);

test('fastEvent accepts a subset of the schema and agrees with JSON.parse', () => {
  let accepted = 0;
  fc.assert(fc.property(eventLike, fc.constantFrom('', ' ', '\t'), (obj, ws) => {
    const line = JSON.stringify(obj, null, ws ? 1 : undefined).replace(/\n/g, ws);
    const fast = fastEvent(bytes(line), 0, Buffer.byteLength(line));
    if (fast === undefined) return;
    accepted++;
    const parsed = Event.safeParse(JSON.parse(line));
    expect(parsed.success).toBe(true);
    expect(fast).toEqual(parsed.data);
  }), { numRuns: 3000 });
  expect(accepted).toBeGreaterThan(300); // the property was really exercised
});

test('quickEvent accepts a subset of the schema', () => {
  fc.assert(fc.property(eventLike, (obj) => {
    const quick = quickEvent(obj);
    if (quick !== undefined) expect(Event.safeParse(obj).success).toBe(true);
  }), { numRuns: 3000 });
});

test('fastEvent reads the common lines and leaves unusual ones to the general parser', () => {
  const ok = (s: string) => fastEvent(bytes(s), 0, Buffer.byteLength(s));
  expect(ok('{"op":"new","id":12,"type":"Node","bind":"x"}')).toEqual({ op: 'new', id: 12, type: 'Node', bind: 'x' });
  expect(ok(' { "op" : "unbind" , "vars" : [ "a" , "b" ] } ')).toEqual({ op: 'unbind', vars: ['a', 'b'] });
  expect(ok('{"op":"set","obj":"a","field":0,"to":null}')).toEqual({ op: 'set', obj: 'a', field: 0, to: null });
  expect(ok('{"op":"new","id":"a\\u0041","type":"Node"}')).toBeUndefined(); // escape
  expect(ok('{"op":"new","id":1.5,"type":"Node"}')).toBeUndefined(); // float
  expect(ok('{"op":"new","id":1,"type":"Node","fields":{}}')).toBeUndefined(); // nested object
  expect(ok('{"op":"new","id":1,"type":"Node"')).toBeUndefined(); // truncated
  expect(ok('{"op":"new","id":1,"id":2,"type":"Node"}')).toBeUndefined(); // repeated key
});
