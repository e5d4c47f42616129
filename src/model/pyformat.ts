// Python's str() of the values the model reports, and the print templates of a
// trace (str.format strings), so replayed output lines read exactly as the
// program's print() calls do.
export type PyValue = number | string | boolean | null | PyValue[] | { tuple: PyValue[] } | { [k: string]: PyValue };

export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/**
 * A trace number as Python sees it: a double; integral ones are ints of exactly
 * its value (JSON cannot tell 1.0 from 1 once parsed, so the trace language
 * defines 1.0 as the int 1), the rest floats, printed as float.__repr__ does.
 */
export function pyNumber(v: number): string {
  if (Number.isInteger(v)) return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
  return pyFloatRepr(v);
}

/**
 * float.__repr__ (PyOS_double_to_string, 'r'): the shortest digits that round-trip
 * (as JavaScript's), in fixed notation when the decimal point falls between
 * 10^-4 and 10^16, else as d.ddde+XX with at least two exponent digits.
 */
export function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, exp] = Math.abs(v).toExponential().split('e');
  const digits = mant.replace('.', '');
  const decpt = Number(exp) + 1; // digits before the decimal point
  const sign = v < 0 ? '-' : '';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const frac = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${frac}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (Object.hasOwn(v, 'tuple') && Array.isArray((v as { tuple: unknown }).tuple)) {
    const items = (v as { tuple: PyValue[] }).tuple;
    return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(', ')})`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

// ---- print templates ---------------------------------------------------------

/**
 * Which replacement fields a template may use, by where it is:
 * value: "{}" (an observe/collect result); self: "{self.NAME}" (a value of the
 * object whose __del__ or method prints); named: "{NAME}" (a value an earlier
 * observe/collect named with "as"); literal: none.
 */
export type TemplateKind = 'value' | 'self' | 'named' | 'literal';

/** One piece of a template: literal text, or a replacement field. */
export type TemplatePart = { text: string } | { field: '' | string };

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const FIELD: Record<TemplateKind, string> = {
  value: '\\{\\}', self: `\\{self\\.${NAME}\\}`, named: `\\{${NAME}\\}`, literal: '(?!)',
};

/**
 * A str.format string with only the fields `kind` allows: "{{" and "}}" are
 * literal braces; format specs, conversions, indexes and lone braces are not
 * supported (Python would format them in ways the model does not follow).
 * As a JSON Schema pattern; validTemplate checks the same in one pass.
 */
export function templatePattern(kind: TemplateKind): string {
  return `^(?:[^{}]|\\{\\{|\\}\\}|${FIELD[kind]})*$`;
}

const FIELD_NAME = new RegExp(`^${NAME}$`);

/** Whether `template` matches templatePattern(kind), in time linear in its length (no regex backtracking over megabytes). */
export function validTemplate(kind: TemplateKind, template: string): boolean {
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '{' && c !== '}') continue;
    if (template[i + 1] === c) { i++; continue; }
    if (c === '}') return false;
    const end = template.indexOf('}', i);
    if (end < 0) return false;
    const field = template.slice(i + 1, end);
    const ok = kind === 'value' ? field === ''
      : kind === 'self' ? field.startsWith('self.') && FIELD_NAME.test(field.slice(5))
        : kind === 'named' ? FIELD_NAME.test(field) : false;
    if (!ok) return false;
    i = end;
  }
  return true;
}

export const TEMPLATE_HELP: Record<TemplateKind, string> = {
  value: 'a str.format text whose only field is "{}" (the value); write "{{" and "}}" for braces',
  self: 'a str.format text whose only fields are "{self.NAME}" (a value of the object); write "{{" and "}}" for braces',
  named: 'a str.format text whose only fields are "{NAME}" (a value named by an earlier "as"); write "{{" and "}}" for braces',
  literal: 'text without replacement fields; write "{{" and "}}" for braces',
};

/** Split a template (already validated) into literal text and fields, as string.Formatter().parse does. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if ((c === '{' || c === '}') && template[i + 1] === c) { text += c; i++; continue; }
    if (c === '{') {
      const end = template.indexOf('}', i);
      if (end < 0) { text += template.slice(i); break; }
      if (text) parts.push({ text });
      text = '';
      parts.push({ field: template.slice(i + 1, end) });
      i = end;
      continue;
    }
    text += c;
  }
  if (text) parts.push({ text });
  return parts;
}

/**
 * Fill a print template: "{}" is the observed value, "{self.X}" a plain attribute
 * of the object (a name the object has no value for stays as written).
 */
export function render(template: string, value: PyValue | undefined, attrs?: Record<string, PyValue>): string {
  let out = '';
  for (const p of parseTemplate(template)) {
    if ('text' in p) out += p.text;
    else if (p.field === '') out += value === undefined ? '' : pyStr(value);
    else if (p.field.startsWith('self.')) {
      const name = p.field.slice(5);
      out += attrs && Object.hasOwn(attrs, name) ? pyStr(attrs[name]) : `{${p.field}}`;
    } else out += `{${p.field}}`;
  }
  return out;
}

/** A print event's text: "{NAME}" fields are filled by `lookup` (which may throw). */
export function renderNamed(template: string, lookup: (name: string) => PyValue): string {
  let out = '';
  for (const p of parseTemplate(template)) out += 'text' in p ? p.text : pyStr(lookup(p.field));
  return out;
}
