// Finding and reading the gate's configuration: --config FILE, else
// gcdiag.config.json, else [tool.gcdiag] in pyproject.toml, in the current
// folder. Validated by the zod schema; a bad file is one line naming the JSON
// path (a TOML file's path is that of its [tool.gcdiag] table).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { InputError } from '../errors.js';
import { GateConfig } from './config-schema.js';
import { jsonPath, zodPlace } from './zod-place.js';

export const CONFIG_JSON = 'gcdiag.config.json';
export const PYPROJECT = 'pyproject.toml';

export interface LoadedConfig { file: string | null; config: GateConfig }

export function findConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  if (explicit) return readConfig(explicit);
  const json = join(cwd, CONFIG_JSON);
  if (existsSync(json)) return readConfig(json);
  const toml = join(cwd, PYPROJECT);
  if (existsSync(toml)) return readConfig(toml);
  return { file: null, config: {} };
}

export function readConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'error'})`);
  }
  return file.endsWith('.toml') ? fromToml(file, text) : { file, config: validate(file, parseJson(file, text), []) };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new InputError(file, '', `not valid JSON (${(e as Error).message})`);
  }
}

function fromToml(file: string, text: string): LoadedConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) throw new InputError(file, `line ${e.line}, column ${e.column}`, `not valid TOML (${e.message.split('\n')[0]})`);
    throw e;
  }
  const tool = Object.hasOwn(doc, 'tool') ? (doc.tool as Record<string, unknown>) : undefined;
  if (!tool || typeof tool !== 'object' || !Object.hasOwn(tool, 'gcdiag')) return { file: null, config: {} };
  return { file, config: validate(file, tool.gcdiag, ['tool', 'gcdiag']) };
}

/** Keys that would turn into prototypes, not data, on the way through a plain object. */
function findProtoKey(v: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (v === null || typeof v !== 'object') return null;
  for (const k of Object.keys(v)) {
    if (k === '__proto__') return [...path, k];
    const found = findProtoKey((v as Record<string, unknown>)[k], [...path, k]);
    if (found) return found;
  }
  return null;
}

function validate(file: string, doc: unknown, prefix: PropertyKey[]): GateConfig {
  const proto = findProtoKey(doc, prefix);
  if (proto) throw new InputError(file, jsonPath(proto), 'a key named __proto__ is not supported');
  const parsed = GateConfig.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const place = zodPlace({ ...issue, path: [...prefix, ...issue.path] } as typeof issue);
    const what = issue.code === 'unrecognized_keys' ? `unknown key ${JSON.stringify(issue.keys[0])} (see schema/gate-config.schema.json)` : issue.message;
    throw new InputError(file, place, what);
  }
  return parsed.data;
}
