// Reading traces: a JSON document ({...header, "events": [...]}) or NDJSON (a
// header line, then one event per line) read in streaming chunks, so a trace of
// any size replays without being loaded whole.
import { createReadStream, statSync, readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { Event, Trace, TraceHeader } from './schema.js';
import { InputError } from '../errors.js';
import { quickEvent } from './quick.js';
import { describeZodError, jsonErrorPlace } from './errors.js';

export interface LoadedEvent {
  event: Event;
  /** 1-based line number in NDJSON files; undefined for JSON documents. */
  line?: number;
}

export interface TraceSource {
  file: string;
  header: TraceHeader;
  format: 'json' | 'ndjson';
  /** Events in order; iterate once. */
  events(): AsyncIterable<LoadedEvent[]>;
}

/** Above this size a JSON document must be NDJSON (JSON.parse of the whole file is off limits). */
export const WHOLE_JSON_LIMIT = 256 * 1024 * 1024;

export function isNdjsonName(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}

export async function openTrace(file: string): Promise<TraceSource> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError(file, '', 'cannot read the file (does it exist?)');
  }
  if (isNdjsonName(file) || (size > 0 && looksLikeNdjson(file))) return openNdjson(file);
  if (size > WHOLE_JSON_LIMIT) {
    throw new InputError(file, '', `a ${Math.round(size / 2 ** 20)} MB JSON trace is too big to parse whole: write it as NDJSON (a header line, then one event per line)`);
  }
  return openJson(file, readFileSync(file, 'utf8'));
}

/** NDJSON when the first line is a complete JSON object without "events". */
function looksLikeNdjson(file: string): boolean {
  const head = readPrefix(file, 1 << 20);
  const nl = head.indexOf('\n');
  if (nl < 0) return false;
  try {
    const first = JSON.parse(head.slice(0, nl));
    return first !== null && typeof first === 'object' && !Array.isArray(first) && !('events' in first);
  } catch {
    return false;
  }
}

function readPrefix(file: string, n: number): string {
  const buf = Buffer.alloc(n);
  const fd = openSync(file, 'r');
  try {
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function openJson(file: string, text: string): TraceSource {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, jsonErrorPlace(text, e as Error), 'not valid JSON (expected a gcdiag trace object)');
  }
  const r = Trace.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$');
    throw new InputError(file, where, expected);
  }
  const { events, ...header } = r.data;
  return {
    file, header, format: 'json',
    async *events() {
      yield events.map((event) => ({ event }));
    },
  };
}

function parseHeader(file: string, line: string): TraceHeader {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    throw new InputError(file, 'line 1', 'not valid JSON (expected the trace header object)');
  }
  const r = TraceHeader.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$');
    throw new InputError(file, `line 1 ${where}`, expected);
  }
  return r.data;
}

export function parseEventLine(file: string, text: string, lineNo: number, eventIndex: number, last: boolean): Event {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const why = last ? 'truncated last line (expected a complete JSON event object)' : 'not valid JSON (expected one event object per line)';
    throw new InputError(file, `line ${lineNo} (event ${eventIndex})`, why);
  }
  const quick = quickEvent(doc);
  if (quick) return quick;
  const r = Event.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$');
    throw new InputError(file, `line ${lineNo} (event ${eventIndex}) ${where}`, expected);
  }
  return r.data;
}

async function openNdjson(file: string): Promise<TraceSource> {
  const headLine = firstLine(file);
  const header = parseHeader(file, headLine);
  return {
    file, header, format: 'ndjson',
    async *events() {
      let lineNo = 0;
      let eventIndex = 0;
      let rest = '';
      const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
      for await (const chunk of stream as AsyncIterable<string>) {
        const text = rest + chunk;
        const batch: LoadedEvent[] = [];
        let start = 0;
        for (;;) {
          const nl = text.indexOf('\n', start);
          if (nl < 0) break;
          lineNo++;
          const line = text.slice(start, nl);
          start = nl + 1;
          if (lineNo === 1 || isBlank(line)) continue;
          batch.push({ event: parseEventLine(file, line, lineNo, eventIndex++, false), line: lineNo });
        }
        rest = text.slice(start);
        if (batch.length) yield batch;
      }
      if (!isBlank(rest)) {
        lineNo++;
        if (lineNo > 1) yield [{ event: parseEventLine(file, rest, lineNo, eventIndex, true), line: lineNo }];
      }
    },
  };
}

function isBlank(s: string): boolean {
  return s.trim() === '';
}

function firstLine(file: string): string {
  const head = readPrefix(file, 1 << 24);
  const nl = head.indexOf('\n');
  return nl < 0 ? head : head.slice(0, nl);
}
