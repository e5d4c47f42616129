// Names and labels from input (type names, dict keys, root names, print texts)
// shown in text reports: a control character could move the cursor, retitle the
// terminal or clear the screen; a newline would forge report lines, Markdown
// table rows or GitHub annotation commands; a bidi override reorders what is
// read. Each is shown as a visible escape instead. JSON output keeps the text
// exactly (JSON.stringify escapes controls itself).

/** C0 and C1 controls, DEL, line/paragraph separators and bidi controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text safe to show on a terminal, in Markdown, DOT or XML: every unsafe character as \n, \xNN or \uNNNN. */
export function safeText(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A report result with every string made safe (safeText), for the text formats;
 * `json` gets the result as it is. Results are plain data (arrays, plain objects,
 * Maps, Sets): typed arrays and other objects are passed through.
 */
export function forFormat<T>(format: string, result: T): T {
  return format === 'json' ? result : safeDeep(result, new Map()) as T;
}

function safeDeep(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v === 'string') return safeText(v);
  if (v === null || typeof v !== 'object') return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v) out.push(safeDeep(x, seen));
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(safeDeep(k, seen), safeDeep(x, seen));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(safeDeep(x, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = Object.create(proto);
  seen.set(v, out);
  for (const k of Object.keys(v)) {
    Object.defineProperty(out, k, { value: safeDeep((v as Record<string, unknown>)[k], seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
