// Python's str() of the values the model reports, so replayed output lines read
// exactly as the program's print() calls do.
export type PyValue = number | string | boolean | null | PyValue[] | { tuple: PyValue[] } | { [k: string]: PyValue };

export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if ('tuple' in v && Array.isArray(v.tuple)) {
    const items = v.tuple as PyValue[];
    return items.length === 1 ? `(${pyRepr(items[0])},)` : `(${items.map(pyRepr).join(', ')})`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Fill a print template: "{}" is the observed value, "{self.X}" a plain attribute of the object. */
export function render(template: string, value: PyValue | undefined, attrs?: Record<string, PyValue>): string {
  return template.replace(/\{(self\.([A-Za-z_][A-Za-z0-9_]*))?\}/g, (_m, selfRef: string | undefined, name: string | undefined) => {
    if (selfRef && name !== undefined) return attrs && name in attrs ? pyStr(attrs[name]) : `{self.${name}}`;
    return value === undefined ? '' : pyStr(value);
  });
}
