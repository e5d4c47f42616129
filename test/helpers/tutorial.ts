// Shared by the per-interpreter fixture tests: each tutorial example is run as a
// program, its trace is replayed on the model, and every fixture trace is run in
// the interpreter through the oracle.
import { expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInterpreter } from '../../src/oracle/interpreters.js';
import { runProgram } from '../../src/oracle/programs.js';
import { tutorialDir, tutorialExamples, tutorialMasks, applyMasks, printedLines } from '../../src/oracle/tutorial.js';
import { compareBatch, describeDifferences } from '../../src/oracle/batch.js';
import { profileVersion } from '../../src/oracle/against.js';
import { replayTrace } from '../../src/replay/replay.js';
import { Trace } from '../../src/trace/schema.js';
import { hasLegacy } from './oracle.js';

const tracesDir = join(tutorialDir(), '..', 'traces');

export function fixtureTraces(): { name: string; trace: Trace }[] {
  return readdirSync(tracesDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: f, trace: Trace.parse(JSON.parse(readFileSync(join(tracesDir, f), 'utf8'))) }));
}

function expected(): Record<string, Record<string, string[]>> {
  return JSON.parse(readFileSync(join(tutorialDir(), 'expected.json'), 'utf8')) as Record<string, Record<string, string[]>>;
}

/** The recorded output is what the programs print today. */
export async function expectProgramsPrintRecordedOutput(spec: string): Promise<void> {
  const rec = expected();
  for (const name of tutorialExamples()) {
    const code = readFileSync(join(tutorialDir(), `${name}.py`), 'utf8');
    const lines = applyMasks(await runProgram(resolveInterpreter(spec), code, `${name}.py`), tutorialMasks(name));
    expect({ name, lines }).toEqual({ name, lines: rec[name][spec] });
  }
}

/** Each example's trace, replayed on this interpreter's model profile, prints what the program printed. */
export function expectTracesPrintLikePrograms(spec: string, cpython: string): void {
  const rec = expected();
  for (const name of tutorialExamples()) {
    const { events, ...header } = Trace.parse(JSON.parse(readFileSync(join(tracesDir, `tutorial-${name}.json`), 'utf8')));
    const r = replayTrace(name, header, events, { python: profileVersion(cpython) });
    expect({ name, lines: applyMasks(printedLines(r), tutorialMasks(name)) }).toEqual({ name, lines: rec[name][spec] });
  }
}

/**
 * The fixture tests for one interpreter: one test per fixture trace (so no test
 * runs long on a slow machine; a Pyodide build loads once per file), then the
 * tutorial examples' printed output, from the programs and from their traces.
 */
export function fixtureTests(spec: string): void {
  // Explicit safe points cannot be run event by event in CPython; legacy tp_del
  // needs _testcapi, which only some builds have.
  const items = fixtureTraces()
    .filter(({ trace }) => trace.safepoints !== 'explicit')
    .filter(({ trace }) => hasLegacy(spec) || !Object.values(trace.types).some((t) => t.tp_del));
  let cpython: string | undefined;
  for (const item of items) {
    test(`fixture ${item.name} agrees with ${spec}`, async () => {
      const [o] = await compareBatch(spec, [item]);
      cpython = o.python;
      expect(o.error || o.comparison!.differences > 0 ? [describeDifferences(o)] : []).toEqual([]);
    });
  }
  test(`replay of the tutorial traces prints what the examples print under ${spec}`, async () => {
    cpython ??= (await compareBatch(spec, [items[0]]))[0].python;
    expectTracesPrintLikePrograms(spec, cpython);
  });
  test(`the tutorial examples print the recorded output under ${spec}`, () => expectProgramsPrintRecordedOutput(spec));
}
