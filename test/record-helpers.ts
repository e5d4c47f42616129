// Shared by the record tests: run the recorder on a program, replay what it wrote.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './helpers/cli.js';
import { openRecording, type Recording } from '../src/recording/read.js';
import { PathReplay, type PathReplayResult, type Triple } from '../src/recording/replay-path.js';
import type { RecordingEvent, RecordingHeader, EndEvent } from '../src/recording/schema.js';

export const PROGRAMS = join(ROOT, 'fixtures', 'programs');

/** python -m gcdiag_capture.record --out OUT [flags] -- ARGS (the package from this checkout). */
export function recordWith(python: string, out: string, args: string[], flags: string[] = []) {
  const r = spawnSync(python, ['-m', 'gcdiag_capture.record', '--out', out, ...flags, '--', ...args], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ROOT, 'python') }, timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface Replayed {
  header: RecordingHeader;
  end: EndEvent;
  events: RecordingEvent[];
  replay: PathReplayResult;
  /** The run's own gc.get_stats() delta: [collections, collected, uncollectable] per generation. */
  delta: Triple[];
}

export async function replayFile(file: string, keep = false): Promise<Replayed> {
  const rec: Recording = await openRecording(file);
  const sim = new PathReplay(rec.header);
  const events: RecordingEvent[] = [];
  let end: EndEvent | undefined;
  for await (const batch of rec.events()) {
    sim.feed(batch);
    if (keep) events.push(...batch);
    for (const ev of batch) if (ev.op === 'end') end = ev;
  }
  if (!end) throw new Error('no end');
  const delta = [0, 1, 2].map((g) => [0, 1, 2].map((k) => end!.stats[g][k] - rec.header.stats[g][k]) as Triple);
  return { header: rec.header, end, events, replay: sim.result(), delta };
}

/** The replay under the recorded thresholds equals the run's own stats delta, collection for collection. */
export function expectRoundTrip(r: Replayed): void {
  expect(r.replay.unmatched).toEqual({ simulated: 0, recorded: 0 });
  expect(r.replay.collections).toEqual(r.delta.map((g) => g[0]));
  expect(r.replay.collected).toEqual(r.delta.map((g) => g[1]));
  expect(r.replay.uncollectable).toEqual(r.delta.map((g) => g[2]));
  expect(r.replay.count).toEqual(r.end.count);
}

/**
 * Threads (a documented limit, docs/record.md): a collection whose callbacks
 * race with another thread's sampling can land one item off, so the round
 * trip is checked within 3 % (or ±2) per generation instead of exactly.
 */
export function expectRoundTripNear(r: Replayed): void {
  r.delta.forEach(([real], g) => {
    const got = r.replay.collections[g];
    expect(Math.abs(got - real), `gen ${g}: replayed ${got}, real ${real}`).toBeLessThanOrEqual(Math.max(2, Math.ceil(real * 0.03)));
  });
}
