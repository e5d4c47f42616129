// What every run must satisfy, whatever the input: exit 0 (or 1 where a gate
// failing is the answer) or 2; on 2 exactly one line "gcdiag: FILE...", never a
// stack trace or an internal error; JSON output that parses, with its format and
// version. And the whole-file and streaming snapshot readers agree.
import { loadSnapshot } from '../../src/snapshot/load.js';
import type { HeapGraph } from '../../src/snapshot/graph.js';
import type { CliResult } from './in-process.js';

/** "Never a hang": a run may take this much CPU (wall time on a shared machine says little). */
const SLOW_CPU_MS = 20_000;

export function checkRun(args: string[], file: string, r: CliResult): string | null {
  const allowed = args[0] === 'gate' ? [0, 1, 2] : [0, 2];
  const err = r.stderr;
  if (!allowed.includes(r.code)) return `exit ${r.code}: ${firstLines(err)}`;
  if (/\n\s+at .*\(|internal error/.test(err)) return `a stack trace or internal error on stderr: ${firstLines(err)}`;
  if (r.cpuMs > SLOW_CPU_MS) return `took ${Math.round(r.cpuMs)} ms of CPU (${Math.round(r.ms)} ms wall)`;
  if (r.code === 2) {
    if (!err.endsWith('\n') || err.indexOf('\n') !== err.length - 1) return `exit 2 with ${err.split('\n').length - 1} lines on stderr: ${firstLines(err)}`;
    if (!err.startsWith('gcdiag: ')) return `exit 2 without "gcdiag: ": ${firstLines(err)}`;
    const names = args.filter((a) => a.startsWith('/'));
    if (!names.some((n) => err.includes(n))) return `exit 2 naming no input file: ${firstLines(err)}`;
    if (r.stdout !== '') return 'exit 2 with output on stdout (a half-written report)';
    return null;
  }
  if (err.split('\n').some((l) => l !== '' && !l.startsWith('gcdiag'))) return `exit ${r.code} with stray stderr: ${firstLines(err)}`;
  if (args.includes('json')) {
    let doc: { format?: unknown; version?: unknown };
    try {
      doc = JSON.parse(r.stdout);
    } catch (e) {
      return `--format json output does not parse (${(e as Error).message})`;
    }
    if (typeof doc.format !== 'string' || !doc.format.startsWith('gcdiag-') || doc.version !== 1) return `--format json output without "format": "gcdiag-…" and "version": 1 (${String(doc.format)})`;
  }
  if (r.stdout === '') return `exit ${r.code} with no output`;
  return null;
}

function firstLines(s: string): string {
  return JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}…` : s);
}

/** A digest of everything a loaded graph holds (arrays summed, strings joined). */
function digest(g: HeapGraph): string {
  const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s = (s * 31 + a[i]) % 1_000_000_007; return s; };
  return JSON.stringify([g.n, sum(g.ids), sum(g.type), sum(g.size), sum(g.refcount), sum(g.gen), sum(g.flags), sum(g.site), g.strings,
    sum(g.firstEdge), sum(g.edgeTo), sum(g.edgeLabel), sum(g.edgeKind), g.roots, g.header]);
}

/** Both readers (whole-file and streamed in odd-sized chunks) accept or refuse alike, and build the same graph. */
export async function checkReaders(file: string, chunkSize: number): Promise<string | null> {
  const read = async (streamAbove: number) => {
    try {
      return { graph: digest(await loadSnapshot(file, { streamAbove, chunkSize })) };
    } catch (e) {
      return { error: e as Error };
    }
  };
  const whole = await read(Infinity);
  const streamed = await read(0);
  if (whole.error && !('where' in whole.error)) return `the whole-file reader threw a non-input error: ${whole.error.message}`;
  if (streamed.error && !('where' in streamed.error)) return `the streaming reader threw a non-input error: ${streamed.error.message}`;
  if (!whole.error !== !streamed.error) {
    return `the readers disagree (chunks of ${chunkSize}): whole ${whole.error ? `refuses: ${whole.error.message}` : 'accepts'}; streamed ${streamed.error ? `refuses: ${streamed.error.message}` : 'accepts'}`;
  }
  if (whole.graph !== streamed.graph) return `the readers build different graphs (chunks of ${chunkSize})`;
  return null;
}
