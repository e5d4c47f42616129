// A one-line progress note on stderr, for runs that take over a second, on a
// terminal only (never in pipes, files or CI logs); cleared before the report is written.

const AFTER_MS = 1000;
const EVERY_MS = 250;

interface Shown { t0: number; label: string; timer: NodeJS.Timeout; drawn: boolean }
let current: Shown | undefined;

function draw(): void {
  const p = current;
  if (!p) return;
  const ms = Date.now() - p.t0;
  if (ms < AFTER_MS) return;
  const cols = process.stderr.columns || 80;
  const line = `${p.label} (${(ms / 1000).toFixed(1)} s)`;
  process.stderr.write(`\r\x1b[K${line.length >= cols ? `${line.slice(0, cols - 2)}…` : line}`);
  p.drawn = true;
}

/** Start the note (nothing happens unless stderr is a terminal and a second passes). */
export function startProgress(label: string): void {
  stopProgress();
  if (!process.stderr.isTTY) return;
  current = { t0: Date.now(), label, timer: setInterval(draw, EVERY_MS).unref(), drawn: false };
}

/** Name what is being done now; shown at once if the run is already past a second (the step may block the event loop). */
export function progressPhase(label: string): void {
  if (!current) return;
  current.label = label;
  draw();
}

export function stopProgress(): void {
  if (!current) return;
  clearInterval(current.timer);
  if (current.drawn) process.stderr.write('\r\x1b[K');
  current = undefined;
}
