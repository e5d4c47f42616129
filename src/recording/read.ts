// Reading a recording as a stream: the header first, then the events in
// batches, each validated line by line. Never the whole file in memory: a
// 10-minute service run makes a trace of hundreds of MB. `.gz` (or gzip magic)
// is decompressed on the fly.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { inputFileSize, invalidUtf8At } from '../files.js';
import { describeZodError } from '../trace/errors.js';
import { RecordingHeader, RecordingEvent, RECORDING_OPS, COUNTER_MAX } from './schema.js';

/** An event with the 1-based line of the file it came from (for error messages). */
export type LinedEvent = RecordingEvent & { line: number };

export interface Recording {
  file: string;
  header: RecordingHeader;
  /** The events after the header, in batches, ending with the `end` event. Iterate once. */
  events(): AsyncIterable<LinedEvent[]>;
}

export async function openRecording(file: string): Promise<Recording> {
  inputFileSize(file);
  const lines = readLines(file)[Symbol.asyncIterator]();
  const first = await nextLine(lines);
  if (!first) throw new InputError(file, '', 'empty file (expected a gcdiag recording: a header line, then one event per line)');
  const header = parseHeader(file, first.text);
  let used = false;
  return {
    file, header,
    events() {
      if (used) throw new Error('Recording.events() can be iterated once');
      used = true;
      return readEvents(file, first.rest, lines);
    },
  };
}

interface LineBatch { texts: string[]; first: number }
interface FirstLine { text: string; rest: LineBatch }

/** Pulls batches until the first line; what follows it in that batch is kept for events(). */
async function nextLine(it: AsyncIterator<LineBatch>): Promise<FirstLine | undefined> {
  for (;;) {
    const r = await it.next();
    if (r.done) return undefined;
    if (r.value.texts.length) {
      const [text, ...rest] = r.value.texts;
      return { text, rest: { texts: rest, first: r.value.first + 1 } };
    }
  }
}

function parseHeader(file: string, text: string): RecordingHeader {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(file, 'line 1', 'not valid JSON (expected a gcdiag recording header)');
  }
  const format = doc !== null && typeof doc === 'object' ? (doc as { format?: unknown }).format : undefined;
  if (format !== 'gcdiag-recording') {
    throw new InputError(file, 'line 1', `not a gcdiag recording (expected "format": "gcdiag-recording", found ${JSON.stringify(format ?? null)}); make one with \`gcdiag record\``);
  }
  const r = RecordingHeader.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$');
    throw new InputError(file, `line 1 ${where}`, expected);
  }
  return r.data;
}

async function* readEvents(file: string, rest: LineBatch, lines: AsyncIterator<LineBatch>): AsyncIterable<LinedEvent[]> {
  let ended = false;
  const parse = (b: LineBatch): LinedEvent[] => {
    const out: LinedEvent[] = [];
    for (let i = 0; i < b.texts.length; i++) {
      const line = b.first + i;
      if (ended) throw new InputError(file, `line ${line}`, 'a line after the "end" line (expected the end of the recording)');
      const ev = parseEventLine(file, b.texts[i], line);
      if (ev.op === 'end') ended = true;
      out.push(ev);
    }
    return out;
  };
  try {
    if (rest.texts.length) yield parse(rest);
    for (;;) {
      const r = await lines.next();
      if (r.done) break;
      const batch = parse(r.value);
      if (batch.length) yield batch;
    }
  } finally {
    await lines.return?.(); // a consumer that stops early closes the file
  }
  if (!ended) throw new InputError(file, 'end of file', 'no "end" line: the recording is truncated (the recorder did not finish)');
}

/** One event line: JSON, then a quick check for the bulky `path` lines, zod for everything else. */
export function parseEventLine(file: string, text: string, line: number): LinedEvent {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(file, `line ${line}`, 'not valid JSON (expected one recording event object per line)');
  }
  if (isPathLine(doc)) return { op: 'path', d: doc.d, line };
  const r = RecordingEvent.safeParse(doc);
  if (!r.success) {
    const { where, expected } = describeZodError(r.error, '$', RECORDING_OPS);
    throw new InputError(file, `line ${line} ${where}`, expected);
  }
  return Object.assign(r.data, { line });
}

function isPathLine(doc: unknown): doc is { op: 'path'; d: number[] } {
  if (doc === null || typeof doc !== 'object' || (doc as { op?: unknown }).op !== 'path') return false;
  const d = (doc as { d?: unknown }).d;
  if (!Array.isArray(d)) return false;
  for (let i = 0; i < d.length; i++) if (!Number.isSafeInteger(d[i]) || Math.abs(d[i]) > COUNTER_MAX) return false; // zod then names the item
  return true;
}

function isGzip(file: string): boolean {
  if (/\.gz$/i.test(file)) return true;
  const buf = Buffer.alloc(2);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, buf, 0, 2, 0) === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Non-blank lines in batches (one per input chunk), numbered from 1; a line cut by a chunk boundary is carried over. */
async function* readLines(file: string): AsyncIterable<LineBatch> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const gz = isGzip(file);
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (e) => stream.destroy(e));
  let lineNo = 0;
  let carry = '';
  // A character split across chunks stays whole; one byte order mark is skipped (as
  // traces and snapshots do); invalid UTF-8 is refused, not replaced by U+FFFD.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let decoded: string;
      try {
        decoded = utf8.decode(chunk, { stream: true });
      } catch {
        const at = offset + Math.max(0, invalidUtf8At(chunk));
        throw new InputError(file, `byte ${at}${gz ? ' of the decompressed text' : ''}`, 'expected UTF-8 text (a byte here is not part of a UTF-8 character)');
      }
      offset += chunk.length;
      const text = carry + decoded;
      const parts = text.split('\n');
      carry = parts.pop() ?? '';
      const batch: LineBatch = { texts: [], first: 0 };
      for (const p of parts) {
        lineNo++;
        if (!batch.texts.length) batch.first = lineNo;
        if (isBlank(p)) {
          // Keep numbering right: a blank line ends the batch's run of consecutive lines.
          if (batch.texts.length) { yield { ...batch }; batch.texts = []; }
          continue;
        }
        batch.texts.push(p);
      }
      if (batch.texts.length) yield batch;
    }
    try {
      carry += utf8.decode(); // a character cut by the end of the file
    } catch {
      throw new InputError(file, `byte ${offset - 1}`, 'expected UTF-8 text (the file ends inside a character)');
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (gz && code.startsWith('Z_')) throw new InputError(file, 'gzip data', `not a valid gzip file (${(e as Error).message})`);
    if (gz && /unexpected end of file/i.test(String((e as Error).message))) throw new InputError(file, 'gzip data', 'truncated gzip file (unexpected end of file)');
    throw e;
  }
  if (!isBlank(carry)) {
    lineNo++;
    yield { texts: [carry], first: lineNo };
  }
}

function isBlank(s: string): boolean {
  return /^\s*$/.test(s);
}
