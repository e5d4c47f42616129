// The default suppression list: interpreter caches that fill as a clean
// program runs (CPython's regrtest -R clears the same ones between runs, in
// Lib/test/libregrtest/refleak.py dash_R_cleanup and utils.clear_caches), so
// that growth in them is not reported as a leak. Versioned: a gate report
// names the list version it used. Each entry says why, how a full snapshot
// recognises the cache, and what happens for a typestats series (no
// retainers there: the pytest plugin clears the cache before counting, or the
// gate leaves the cache's types out).

export const SUPPRESSION_LIST_VERSION = 1;

/**
 * How a full snapshot recognises a cache. `cache` objects are blocked: what
 * only they hold is not counted. `roots` are not followed: what only they hold
 * is not counted.
 */
export type Matcher =
  /**
   * Globals of modules (exact names, or a prefix ending in '.*'; 'stdlib' for the standard library);
   * with `follow`, the objects reached from them by references with these labels in turn ('*': any) are blocked too.
   */
  | { cache: 'global'; modules: readonly string[]; names?: readonly string[]; type?: string; follow?: readonly string[] }
  /** Any reference with one of these labels (an attribute, or a dict key that names one). */
  | { cache: 'label'; labels: readonly string[] }
  /** Objects of these types. */
  | { cache: 'type'; types: readonly string[] }
  /** Every global of these modules as a root, and objects whose type is defined in them. */
  | { roots: 'modules'; modules: readonly string[] };

export interface Suppression {
  id: string;
  why: string;
  snapshot: readonly Matcher[];
  /** For typestats series: what the pytest plugin does before counting (cleared), or the types the gate leaves out. */
  typestats: { cleared: string } | { ignoreTypes: readonly string[]; because: string };
}

export const SUPPRESSIONS = [
  {
    id: 're',
    why: 're.compile (and re.match etc.) keep up to 512 compiled patterns (3.12+: two caches); new patterns fill it until it evicts',
    snapshot: [{ cache: 'global', modules: ['re', 'sre_compile'], names: ['_cache', '_cache2'] }],
    typestats: { cleared: 're.purge()' },
  },
  {
    id: 'typing',
    why: 'typing caches every subscripted generic (List[int], Dict[str, T]) in functools.lru_cache wrappers listed in typing._caches / typing._cleanups',
    snapshot: [
      { cache: 'global', modules: ['typing'], names: ['_caches'] },
      // 3.9+: each cache's cache_clear, a method whose __self__ is the lru_cache wrapper.
      { cache: 'global', modules: ['typing'], names: ['_cleanups'], follow: ['*', '__self__'] },
    ],
    typestats: { cleared: 'every function in typing._cleanups is called (what typing documents for clearing its caches)' },
  },
  {
    id: 'functools-stdlib',
    why: 'standard-library functions decorated with functools.lru_cache (fnmatch._compile_pattern, ipaddress, urllib.parse, …) keep results up to their bound',
    snapshot: [{ cache: 'global', modules: ['stdlib'], type: 'functools._lru_cache_wrapper' }],
    typestats: { cleared: 'the ones whose clearing changes nothing but speed: fnmatch, urllib.parse, struct, inspect, importlib.metadata, fractions (gcdiag_capture/_caches.py)' },
  },
  {
    id: 'abc',
    why: 'isinstance/issubclass against an ABC caches the answer per class in the ABC\'s registries (weak references that stay until the class goes)',
    snapshot: [{ cache: 'type', types: ['_abc._abc_data'] }, { cache: 'label', labels: ['_abc_registry', '_abc_cache', '_abc_negative_cache'] }],
    typestats: { cleared: '_abc_caches_clear() of the ABCs of collections.abc, typing, numbers and io and their subclasses (as regrtest -R does)' },
  },
  {
    id: 'linecache',
    why: 'tracebacks, warnings and inspect read source lines through linecache, which keeps every file it read',
    snapshot: [{ cache: 'global', modules: ['linecache'], names: ['cache'] }],
    typestats: { cleared: 'linecache.clearcache()' },
  },
  {
    id: 'logging',
    why: 'logging.getLogger(name) registers every logger for good in the manager\'s loggerDict (loggers are never freed, by design); handlers are listed in logging._handlers',
    snapshot: [{ cache: 'label', labels: ['loggerDict'] }, { cache: 'global', modules: ['logging'], names: ['_handlers', '_handlerList'] }],
    typestats: { ignoreTypes: ['logging.Logger', 'logging.PlaceHolder'], because: 'loggers cannot be dropped without changing the program' },
  },
  {
    id: 'warnings',
    why: 'a warning shown once is remembered in the __warningregistry__ of the module that warned, and in warnings.onceregistry',
    snapshot: [{ cache: 'label', labels: ['__warningregistry__'] }, { cache: 'global', modules: ['warnings'], names: ['onceregistry', 'filters', '_filters'] }],
    typestats: { cleared: 'every module\'s __warningregistry__ is deleted (warnings.filters are left as the test set them)' },
  },
  {
    id: 'import',
    why: 'the import system keeps every module imported (sys.modules), every path finder (sys.path_importer_cache) and zip directory read',
    snapshot: [
      { cache: 'global', modules: ['sys'], names: ['modules', 'path_importer_cache', 'meta_path', 'path_hooks'] },
      { cache: 'global', modules: ['importlib._bootstrap', '_frozen_importlib'], names: ['_module_locks', '_blocking_on'] },
      { cache: 'global', modules: ['zipimport'], names: ['_zip_directory_cache'] },
    ],
    typestats: { ignoreTypes: ['builtins.module'], because: 'an import cannot be undone; a module imported in every run is seen as builtins.module growth' },
  },
  {
    id: 'pytest',
    why: 'pytest, pluggy and gcdiag\'s own plugin keep reports, fixtures and per-test state of the session',
    snapshot: [{ roots: 'modules', modules: ['_pytest.*', 'pytest', 'pluggy.*', 'py.*', 'gcdiag_capture.*'] }],
    typestats: { ignoreTypes: ['_pytest.*', 'pluggy.*'], because: 'the session\'s own objects are counted too' },
  },
] as const satisfies readonly Suppression[];

export type SuppressionId = (typeof SUPPRESSIONS)[number]['id'];
export const SUPPRESSION_IDS = SUPPRESSIONS.map((s) => s.id) as [SuppressionId, ...SuppressionId[]];

/** A module name matches 'a.b' exactly, 'a.*' as a or any a.x, and 'stdlib' any standard-library module. */
export function moduleMatches(module: string, pattern: string, isStdlib: (m: string) => boolean): boolean {
  if (pattern === 'stdlib') return isStdlib(module);
  if (pattern.endsWith('.*')) {
    const base = pattern.slice(0, -2);
    return module === base || module.startsWith(`${base}.`);
  }
  return module === pattern;
}

export function activeSuppressions(disabled: readonly string[] = []): Suppression[] {
  return SUPPRESSIONS.filter((s) => !disabled.includes(s.id));
}
