// Pieces shared by the JSON reports' zod schemas (the reports' types, their
// validators in the tests, and the JSON Schemas shipped in schema/).
import { z } from 'zod';
import { TRAP_KINDS } from '../../analysis/traps.js';

const int = () => z.number().int();
export const Id = int().describe('an object id, as Python\'s id(obj) (tables print it in hex, as hex(id(obj)))');
export const Count = int().min(0);

/** Every JSON report starts with these two fields. */
export function envelope<F extends string>(format: F) {
  return { format: z.literal(format), version: z.literal(1) };
}

export const TypeCount = z.object({ type: z.string(), count: Count });

export const PathStep = z.object({
  id: Id.describe('the object (the first of a run)'),
  type: z.string(),
  label: z.string().describe('its reference to the next object on the path'),
  kind: z.string(),
  repeat: Count.describe('how many consecutive objects take this same step'),
});

export const Held = z.enum(['root', 'gc.garbage', 'outside', 'unreachable']);

export const RetainerPath = z.object({
  held: Held,
  root: z.object({ name: z.string(), kind: z.string(), label: z.string() }).optional(),
  outside: z.object({
    refcount: int(), recorded: int(),
    holder: z.object({ id: Id, type: z.string() }).optional().describe('the C object that holds it through a field the collector does not traverse (e.g. io.StringIO\'s buffer), when the capture found it'),
  }).optional().describe('held from outside: the first object of the path and its unexplained references'),
  steps: z.array(PathStep),
  target: z.object({ id: Id, type: z.string() }),
  length: Count.describe('references from the root\'s object to the target'),
});

export const Trap = z.object({
  kind: z.enum(TRAP_KINDS),
  via: z.array(z.object({ type: z.string(), label: z.string(), kind: z.string() })),
  explanation: z.string(),
});
