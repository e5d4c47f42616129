// The gate's configuration (gcdiag.config.json, or [tool.gcdiag] in
// pyproject.toml): one zod schema is the type, the validator and
// schema/gate-config.schema.json. Strict everywhere: a misspelt key is an
// error naming its JSON path, not a budget silently ignored.
import { z } from 'zod';
import { SUPPRESSION_IDS } from './suppressions.js';

const Amount = z.number().int().nonnegative();

export const Budget = z.object({
  count: Amount.optional().describe('objects a type may grow by: per measured run in a series, between the two snapshots of a pair (default 0)'),
  bytes: Amount.optional().describe('bytes a type may grow by, likewise (default 0)'),
}).strict();
export type Budget = z.infer<typeof Budget>;

const Rules = {
  maxGrowth: Budget.optional().describe('the growth every type may have before it counts'),
  types: z.record(z.string().min(1), Budget).optional().describe('per-type budgets, by module-qualified type name (builtins.dict, app.models.Request)'),
  maxTotalBytesGrowth: Amount.optional().describe('fail when the bytes of all counted types together grow by more than this (series: from the last warm-up to the last snapshot)'),
  ignoreTypes: z.array(z.string().min(1)).optional().describe('type names never gated; * matches any characters (app.cache.*)'),
  ignoreModules: z.array(z.string().min(1)).optional().describe('modules whose types are never gated (app.cache also covers app.cache.sub)'),
  failOnGarbage: z.boolean().optional().describe('a growing set of cyclic garbage fails the gate (default: a warning)'),
};

export const TestRules = z.object(Rules).strict();
export type TestRules = z.infer<typeof TestRules>;

export const GateConfig = z.object({
  $schema: z.string().optional(),
  warmup: Amount.optional().describe('snapshots taken before the measured runs (default 1; --warmup wins)'),
  ...Rules,
  disableSuppressions: z.array(z.enum(SUPPRESSION_IDS)).optional().describe('entries of the default suppression list to turn off (see gcdiag gate --help)'),
  tests: z.record(z.string().min(1), TestRules).optional()
    .describe('overrides per pytest test id (a * matches any characters); the first matching key wins, its keys replace the top-level ones'),
}).strict();
export type GateConfig = z.infer<typeof GateConfig>;
