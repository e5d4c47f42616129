// Builds ordinary JS values from tokenizer events, for the small parts of a
// streamed snapshot (header, roots, string table, one friendly object at a time).
// A key "__proto__" becomes an own property, as with JSON.parse: never a prototype.
import type { JsonEvents } from './json-stream.js';

type Container = unknown[] | Record<string, unknown>;

export class ValueBuilder implements JsonEvents {
  private stack: Container[] = [];
  private keys: string[] = [];
  done = false;
  result: unknown = undefined;

  openObject(): void {
    this.stack.push({});
    this.keys.push('');
  }

  openArray(): void {
    this.stack.push([]);
    this.keys.push('');
  }

  close(): void {
    const v = this.stack.pop();
    this.keys.pop();
    this.put(v);
  }

  key(name: string): void {
    this.keys[this.keys.length - 1] = name;
  }

  string(s: string): void {
    this.put(s);
  }

  number(n: number): void {
    this.put(n);
  }

  literal(v: boolean | null): void {
    this.put(v);
  }

  private put(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.result = v;
      this.done = true;
    } else if (Array.isArray(top)) top.push(v);
    else {
      const k = this.keys[this.keys.length - 1];
      if (k === '__proto__') Object.defineProperty(top, k, { value: v, enumerable: true, writable: true, configurable: true });
      else top[k] = v;
    }
  }
}
