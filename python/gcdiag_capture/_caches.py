"""Interpreter caches cleared before each count, so that a clean test does not look leaky.

After CPython's regrtest (Lib/test/libregrtest/utils.py clear_caches and
refleak.dash_R_cleanup), minus what would change the program's behaviour:
each entry clears a cache whose only effect is speed. A module is never
imported just to clear its cache (only modules already in sys.modules).
Version the list: a change in it changes which tests pass.
"""
import sys
import warnings

VERSION = 1

# Not cleared, although regrtest does, because clearing changes behaviour, not just speed:
NOT_CLEARED = (
    ('urllib.request.urlcleanup', 'also uninstalls the opener the program installed with install_opener()'),
    ('mimetypes._default_mime_types', "forgets the types the program added with mimetypes.add_type()"),
    ('ctypes._reset_cache', 'makes new POINTER() types, so pointer types made before compare unequal'),
    ('doctest.master', "drops the results doctest.master.summarize() would report"),
    ('warnings.filters, copyreg.dispatch_table, sys.path_importer_cache, ABC registries',
     'regrtest restores these to their state before the test; a test may change them on purpose'),
)


def _mod(name):
    return sys.modules.get(name)


def _re():
    m = _mod('re')
    if m is not None:
        m.purge()


def _typing():
    m = _mod('typing')
    if m is not None:
        for f in getattr(m, '_cleanups', ()):
            f()


def _linecache():
    m = _mod('linecache')
    if m is not None:
        m.clearcache()


def _abc_caches():
    # The ABCs of collections.abc and typing (as regrtest) and numbers and io, and their direct subclasses.
    meta = sys.modules['abc'].ABCMeta
    clear = meta._abc_caches_clear
    seen = set()
    for name in ('collections.abc', 'typing', 'numbers', 'io'):
        m = _mod(name)
        for value in list(vars(m).values()) if m is not None else ():
            if isinstance(value, meta) and id(value) not in seen:
                for cls in [value] + type.__subclasses__(value):
                    if isinstance(cls, meta) and id(cls) not in seen:
                        seen.add(id(cls))
                        clear(cls)


_module_dict = type(sys).__dict__['__dict__'].__get__   # a module's namespace without its own lookups


def _warning_registries():
    for m in list(sys.modules.values()):
        d = _module_dict(m) if isinstance(m, type(sys)) else None
        if type(d) is dict and '__warningregistry__' in d:
            del d['__warningregistry__']


def _streams():
    for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if s is not None:
            try:
                s.flush()
            except (OSError, ValueError):
                pass


def _cache_clear(module, attr):
    def clear():
        m = _mod(module)
        f = m is not None and getattr(m, attr, None)
        if f and hasattr(f, 'cache_clear'):
            f.cache_clear()
    return clear


def _dict_clear(module, *attrs):
    def clear():
        m = _mod(module)
        for attr in attrs:
            d = m is not None and getattr(m, attr, None)
            if isinstance(d, dict):
                d.clear()
    return clear


def _call(module, attr):
    def call():
        m = _mod(module)
        f = m is not None and getattr(m, attr, None)
        if f:
            f()
    return call


def _importlib_metadata():
    m = _mod('importlib.metadata')
    new = m is not None and getattr(getattr(m, 'FastPath', None), '__new__', None)
    if new is not None and hasattr(new, 'cache_clear'):
        new.cache_clear()


def _type_cache():
    # 3.13 deprecates sys._clear_type_cache for sys._clear_internal_caches.
    f = getattr(sys, '_clear_internal_caches', None) or getattr(sys, '_clear_type_cache', None)
    if f is not None:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            f()


# (name, why, clear): run in this order; the type cache last (the others can change types).
CACHES = (
    ('re', 're.compile() keeps up to 512 compiled patterns: a test compiling new patterns fills it for '
           'hundreds of runs', _re),
    ('typing', 'every parametrised generic (List[X], Optional[X]) is kept in functools.lru_caches; a test '
               'that makes generics of new classes fills them (typing._cleanups)', _typing),
    ('abc caches', 'isinstance()/issubclass() against an ABC remembers each class it saw in the ABC\'s '
                   'positive and negative caches (collections.abc, typing, numbers, io ABCs and their '
                   'subclasses: _abc_caches_clear)', _abc_caches),
    ('linecache', 'tracebacks, warnings and pytest\'s reports read source files into linecache.cache', _linecache),
    ('__warningregistry__', 'each warning location adds a key to its module\'s registry, once', _warning_registries),
    ('streams', 'buffered output holds objects until flushed (sys.stdout/stderr, under pytest its capture files)',
     _streams),
    ('fnmatch', 'fnmatch compiles each new pattern once (lru_cache of 32768); pytest matches node ids and '
                'paths with it', _cache_clear('fnmatch', '_compile_pattern')),
    ('_strptime', 'time.strptime()/datetime.strptime() compile one regex per format',
     _dict_clear('_strptime', '_regex_cache')),
    ('urllib.parse', 'urlsplit()/urlparse() cache their results', _call('urllib.parse', 'clear_cache')),
    ('struct', 'struct caches up to 100 compiled formats', _call('struct', '_clearcache')),
    ('filecmp', 'filecmp.cmp() caches comparison results per file pair', _dict_clear('filecmp', '_cache')),
    ('inspect', 'inspect.getmodule() remembers every module file it has seen (pytest\'s tracebacks call it)',
     _dict_clear('inspect', '_filesbymodname', 'modulesbyfile')),
    ('inspect (3.12+)', 'inspect.getattr_static() caches shadowed-dict lookups per MRO',
     _cache_clear('inspect', '_shadowed_dict_from_weakref_mro_tuple')),
    ('importlib.metadata', 'distribution lookups cache one FastPath per path entry', _importlib_metadata),
    ('fractions (3.12+)', 'Fraction hashing caches per denominator', _cache_clear('fractions', '_hash_algorithm')),
    ('type cache', 'the interpreter\'s method cache holds attribute names and versions of the types it saw '
                   '(sys._clear_type_cache, sys._clear_internal_caches on 3.13+); last, as the others can '
                   'change types', _type_cache),
)


def clear_all():
    """Clear every cache in CACHES; a failing entry is skipped (it is a cache, not the test)."""
    for _name, _why, clear in CACHES:
        try:
            clear()
        except Exception:
            pass
