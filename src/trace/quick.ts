// A fast path for the events that make up the bulk of big traces. It accepts a
// strict subset of what the zod schema accepts (a property test checks this);
// anything else goes through the schema, which also words the errors.
import type { Event } from './schema.js';

const isId = (v: unknown): v is string | number =>
  (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);

function keysWithin(o: Record<string, unknown>, allowed: string): boolean {
  for (const k in o) if (!allowed.includes(`|${k}|`)) return false;
  return true;
}

export function quickEvent(doc: unknown): Event | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const o = doc as Record<string, unknown>;
  switch (o.op) {
    case 'new':
      if (isId(o.id) && typeof o.type === 'string' && o.type.length > 0 && (o.bind === undefined || typeof o.bind === 'string')
        && keysWithin(o, '|op|id|type|bind|')) return o as Event;
      return undefined;
    case 'bind':
      if (typeof o.var === 'string' && o.var.length > 0 && (o.to === null || isId(o.to)) && keysWithin(o, '|op|var|to|')) return o as Event;
      return undefined;
    case 'unbind':
      if (Array.isArray(o.vars) && o.vars.length > 0 && o.vars.every((v) => typeof v === 'string' && v.length > 0)
        && keysWithin(o, '|op|vars|')) return o as Event;
      return undefined;
    case 'set':
      if (isId(o.obj) && (typeof o.field === 'string' || (typeof o.field === 'number' && Number.isSafeInteger(o.field) && o.field >= 0))
        && (o.to === null || isId(o.to)) && keysWithin(o, '|op|obj|field|to|')) return o as Event;
      return undefined;
    default:
      return undefined;
  }
}
