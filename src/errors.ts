// Typed errors and the exit codes they map to (0 ok, 1 findings over a gate,
// 2 bad usage or input, 3 internal error). Only the CLI's top-level handler prints.
import { safeText } from './report/escape.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

/** Bad input: names the file, the place in it, and what was expected. */
export class InputError extends Error {
  constructor(readonly file: string, readonly where: string, readonly expected: string) {
    // One line whatever the input holds: names in it (a type, a key) may carry newlines or escapes.
    super(safeText(`${file}${where ? `: ${where}` : ''}: ${expected}`));
    this.name = 'InputError';
  }
}

/** Bad command-line usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(safeText(message));
    this.name = 'UsageError';
  }
}

/** A problem in one trace event, before the file and line are known. */
export class EventError extends Error {
  constructor(readonly event: number, message: string) {
    super(message);
    this.name = 'EventError';
  }
}
