// The JSON Schemas shipped in schema/: generated from the zod schemas, so the
// validator, the TypeScript types and the published schema cannot disagree.
import { z } from 'zod';
import { Trace } from '../trace/schema.js';
import { Snapshot } from '../snapshot/schema.js';
import { REPORT_SCHEMAS } from '../report/schemas/index.js';
import { TypeStats } from '../gate/typestats-schema.js';
import { GateConfig } from '../gate/config-schema.js';
import { RecordingLines } from '../recording/schema.js';
import { Calibration } from '../tune/calibrate-schema.js';

export const SCHEMAS: Record<string, { schema: z.ZodType; title: string }> = {
  'trace.schema.json': { schema: Trace, title: 'gcdiag trace (JSON document; NDJSON: the same header fields on line 1, then one event per line)' },
  'snapshot.schema.json': { schema: Snapshot, title: 'gcdiag heap snapshot (friendly or columnar layout)' },
  ...REPORT_SCHEMAS,
  'typestats.schema.json': { schema: TypeStats, title: 'gcdiag typestats: live objects and bytes per type after one run of a test (written by the pytest plugin, read by gcdiag gate)' },
  'gate-config.schema.json': { schema: GateConfig, title: 'gcdiag gate configuration (gcdiag.config.json, or [tool.gcdiag] in pyproject.toml)' },
  'calibration.schema.json': { schema: Calibration, title: 'gcdiag calibration (written by gcdiag tune --calibrate, read by gcdiag tune --cost FILE)' },
  'recording.schema.json': { schema: RecordingLines, title: 'gcdiag recording (NDJSON: the header on line 1, then one event per line, the last one "end")' },
};

export function jsonSchemaText(name: string): string {
  const { schema, title } = SCHEMAS[name];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return `${JSON.stringify({ title, ...json }, null, 2)}\n`;
}
