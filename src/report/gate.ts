// Reporters for `gcdiag gate`: one function per format over GateResult.
import type { GateResult } from '../gate/result.js';
import { gateTable } from './gate-table.js';
import { gateMarkdown } from './gate-markdown.js';
import { gateJunit } from './gate-junit.js';
import { gateGithub } from './gate-github.js';

export const GATE_FORMATS = ['table', 'json', 'markdown', 'junit', 'github'] as const;
export type GateFormat = (typeof GATE_FORMATS)[number];

export const gateReporters = {
  table: gateTable,
  json: (r: GateResult) => JSON.stringify(r, null, 2),
  markdown: gateMarkdown,
  junit: gateJunit,
  github: gateGithub,
} satisfies Record<GateFormat, (r: GateResult) => string>;
