// Reading traces: a JSON document ({...header, "events": [...]}) or NDJSON (a
// header line, then one event per line) read in streaming chunks, so a trace of
// any size replays without being loaded whole.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { Event, Trace, TraceHeader, EVENT_OPS } from './schema.js';
import { inputFileSize, readInputText, checkUtf8, hasBom } from '../files.js';
import { InputError } from '../errors.js';
import { quickEvent } from './quick.js';
import { fastEvent } from './fast-line.js';
import { describeZodError, findProtoKey, PROTO_KEY_MESSAGE } from './errors.js';
import { JsonTokenizer } from '../snapshot/json-stream.js';

/** A batch of events; for NDJSON also the 1-based line of each. */
export interface EventBatch {
  events: Event[];
  lines?: Int32Array;
}

export interface TraceSource {
  file: string;
  header: TraceHeader;
  format: 'json' | 'ndjson';
  /** Events in order; iterate once. */
  events(): AsyncIterable<EventBatch>;
}

/** Above this size a JSON document must be NDJSON (JSON.parse of the whole file is off limits). */
export const WHOLE_JSON_LIMIT = 256 * 1024 * 1024;

export function isNdjsonName(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}

export async function openTrace(file: string): Promise<TraceSource> {
  const size = inputFileSize(file);
  if (isNdjsonName(file) || (size > 0 && looksLikeNdjson(file))) return openNdjson(file);
  if (size > WHOLE_JSON_LIMIT) {
    throw new InputError(file, '', `a ${Math.round(size / 2 ** 20)} MB JSON trace is too big to parse whole: write it as NDJSON (a header line, then one event per line)`);
  }
  return openJson(file, readInputText(file));
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

/** The first n bytes as text, without the byte order mark (a trace may start with one, as snapshots may). */
function readPrefix(file: string, n: number): string {
  const buf = Buffer.alloc(n);
  const fd = openSync(file, 'r');
  try {
    const got = readSync(fd, buf, 0, n, 0);
    return buf.toString('utf8', hasBom(buf) ? 3 : 0, got);
  } finally {
    closeSync(fd);
  }
}

export function openJson(file: string, text: string): TraceSource {
  const { header, events } = parseTraceDocument(file, text);
  return {
    file, header, format: 'json',
    async *events() {
      yield { events };
    },
  };
}

/** A whole JSON trace document, validated (errors name the JSON path). */
export function parseTraceDocument(file: string, text: string): { header: TraceHeader; events: Event[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw syntaxError(file, text);
  }
  const proto = findProtoKey(doc, '$');
  if (proto) throw new InputError(file, proto, PROTO_KEY_MESSAGE);
  const r = Trace.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$', EVENT_OPS);
    throw new InputError(file, where, expected);
  }
  const { events, ...header } = r.data;
  return { header, events };
}

/** JSON.parse does not say where: the tokenizer does ("line 3, column 9 (in $.events[1]): expected ..."). */
function syntaxError(file: string, text: string): InputError {
  const noop = () => {};
  const tok = new JsonTokenizer(file, { openObject: noop, openArray: noop, close: noop, key: noop, string: noop, number: noop, literal: noop });
  try {
    tok.write(Buffer.from(text, 'utf8'));
    tok.end();
  } catch (e) {
    if (e instanceof InputError) return new InputError(file, e.where, `not valid JSON: ${e.expected}`);
  }
  return new InputError(file, '', 'not valid JSON (expected a gcdiag trace object)');
}

function parseHeader(file: string, line: string): TraceHeader {
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    throw new InputError(file, 'line 1', 'not valid JSON (expected the trace header object)');
  }
  const proto = findProtoKey(doc, '$');
  if (proto) throw new InputError(file, `line 1 ${proto}`, PROTO_KEY_MESSAGE);
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
  const proto = findProtoKey(doc, '$');
  if (proto) throw new InputError(file, `line ${lineNo} (event ${eventIndex}) ${proto}`, PROTO_KEY_MESSAGE);
  const r = Event.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$', EVENT_OPS);
    throw new InputError(file, `line ${lineNo} (event ${eventIndex}) ${where}`, expected);
  }
  return r.data;
}

async function openNdjson(file: string): Promise<TraceSource> {
  const headLine = firstLine(file);
  const header = parseHeader(file, headLine);
  return { file, header, format: 'ndjson', events: () => readEventLines(file) };
}

/**
 * Event lines in batches, read as bytes: common lines go through the byte-level
 * reader, others through JSON.parse + zod. A line split across chunks is carried over.
 */
async function* readEventLines(file: string): AsyncIterable<EventBatch> {
  let lineNo = 0;
  let eventIndex = 0;
  let carry: Buffer | null = null;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let lines = new Int32Array(1 << 14);
  const take = (batch: Event[], buf: Buffer, s: number, e: number) => {
    lineNo++;
    if (lineNo === 1) return; // the header
    const ev = lineEvent(file, buf, s, e, lineNo, eventIndex, false);
    if (!ev) return;
    if (batch.length === lines.length) { const l = new Int32Array(lines.length * 2); l.set(lines); lines = l; }
    lines[batch.length] = lineNo;
    batch.push(ev);
    eventIndex++;
  };
  let offset = 0; // of the chunk in the file
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const batch: Event[] = [];
    let start = 0;
    const base = offset;
    offset += chunk.length;
    if (carry) {
      // Only the line cut by the chunk boundary is copied.
      const nl = chunk.indexOf(10);
      if (nl < 0) { carry = Buffer.concat([carry, chunk]); continue; }
      const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
      checkUtf8(file, line, 0, line.length, base - carry.length);
      take(batch, line, 0, line.length);
      start = nl + 1;
      carry = null;
    }
    // Invalid UTF-8 is refused, not replaced: checked up to the last newline here
    // (a newline byte is never inside a character), the rest with the next chunk.
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl >= start) checkUtf8(file, chunk, start, lastNl, base);
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      take(batch, chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) carry = Buffer.from(chunk.subarray(start));
    if (batch.length) yield { events: batch, lines: lines.slice(0, batch.length) };
  }
  if (carry && carry.length) {
    checkUtf8(file, carry, 0, carry.length, offset - carry.length);
    lineNo++;
    const ev = lineNo > 1 ? lineEvent(file, carry, 0, carry.length, lineNo, eventIndex, true) : undefined;
    if (ev) yield { events: [ev], lines: Int32Array.of(lineNo) };
  }
}

function lineEvent(file: string, buf: Buffer, s: number, e: number, lineNo: number, eventIndex: number, last: boolean): Event | undefined {
  const fast = fastEvent(buf, s, e);
  if (fast) return fast;
  const text = buf.toString('utf8', s, e);
  if (isBlank(text)) return undefined;
  return parseEventLine(file, text, lineNo, eventIndex, last);
}

function isBlank(s: string): boolean {
  return s.trim() === '';
}

function firstLine(file: string): string {
  const head = readPrefix(file, 1 << 24);
  const nl = head.indexOf('\n');
  return nl < 0 ? head : head.slice(0, nl);
}
