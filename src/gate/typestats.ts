// Reading a typestats file (the pytest plugin's per-run count-and-bytes
// snapshot) into a Census. Small files: parsed whole, validated by the zod schema.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { TypeStats } from './typestats-schema.js';
import { addTally, type Census, type Tally } from './census.js';
import { zodPlace } from './zod-place.js';

export function typestatsCensus(file: string, text: string): Census {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(file, '', `not valid JSON (${(e as Error).message})`);
  }
  const parsed = TypeStats.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(file, zodPlace(issue), issue.message);
  }
  const d = parsed.data;
  const live = new Map<string, Tally>();
  for (const [type, count, bytes] of d.types) addTally(live, type, count, bytes);
  return {
    file, kind: 'typestats', python: d.python, pid: d.pid ?? null, test: d.test ?? null, run: d.run, warmup: d.warmup ?? null, live,
    garbage: { objects: d.collected, bytes: null, cycles: null },
    uncollectable: { objects: d.garbage, types: new Map() },
    suppressed: new Map(),
  };
}

export function readTypestats(file: string): Census {
  return typestatsCensus(file, readFileSync(file, 'utf8'));
}
