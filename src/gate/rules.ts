// The rules that apply to one series: the config's top level, with the keys of
// the first `tests` entry matching the test id put in their place.
import type { GateConfig, TestRules, Budget } from './config-schema.js';

export interface Rules {
  budget(type: string): Required<Budget>;
  ignored(type: string): boolean;
  maxTotalBytesGrowth: number | null;
  failOnGarbage: boolean;
  /** The `tests` key that matched, if any. */
  override: string | null;
}

/** A glob where * matches any characters (dots included); everything else is literal. */
export function globMatch(pattern: string, s: string): boolean {
  if (!pattern.includes('*')) return pattern === s;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return re.test(s);
}

function moduleOf(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot > 0 ? type.slice(0, dot) : '';
}

export function rulesFor(config: GateConfig, test: string | null, extraIgnores: readonly string[] = [], failOnGarbage = false): Rules {
  const entries = Object.entries(config.tests ?? {});
  const match = test === null ? undefined : entries.find(([k]) => globMatch(k, test));
  const r: TestRules = { ...pick(config), ...(match ? match[1] : {}) };
  const types = new Map(Object.entries(r.types ?? {}));
  const ignoreTypes = [...(r.ignoreTypes ?? []), ...extraIgnores];
  const ignoreModules = r.ignoreModules ?? [];
  return {
    budget: (type) => {
      const b = types.get(type);
      return { count: b?.count ?? r.maxGrowth?.count ?? 0, bytes: b?.bytes ?? r.maxGrowth?.bytes ?? 0 };
    },
    ignored: (type) => ignoreTypes.some((p) => globMatch(p, type))
      || ignoreModules.some((m) => { const mod = moduleOf(type); return mod === m || mod.startsWith(`${m}.`); }),
    maxTotalBytesGrowth: r.maxTotalBytesGrowth ?? null,
    failOnGarbage: failOnGarbage || (r.failOnGarbage ?? false),
    override: match ? match[0] : null,
  };
}

function pick(c: GateConfig): TestRules {
  const { maxGrowth, types, maxTotalBytesGrowth, ignoreTypes, ignoreModules, failOnGarbage } = c;
  return Object.fromEntries(Object.entries({ maxGrowth, types, maxTotalBytesGrowth, ignoreTypes, ignoreModules, failOnGarbage })
    .filter(([, v]) => v !== undefined)) as TestRules;
}
