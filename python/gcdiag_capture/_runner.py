"""python -m gcdiag_capture [options] script.py|-m module|console-script [args...]
   python -m gcdiag_capture --pid PID [--out PATH] [--label TEXT] [--layout L]

Runs the program as `python script.py`, `python -m module` or its console
script would (sys.argv, a real __main__ module in sys.modules, sys.path[0] as
Python sets it) and writes snapshots:

  --on exit      when the program's code has finished (or raised, or called
                 sys.exit), before other atexit handlers run   [default]
  --on signal    on every SIGUSR1: out.1.json, out.2.json, ... (POSIX only)
  --on exit,signal   both

Options: --out PATH (default gcdiag-<pid>.json), --label TEXT, --collect-first,
--layout columnar|friendly, --tracemalloc[=FRAMES] (trace allocations from the
start, so snapshots carry allocation sites). --pid PID snapshots a running
Python process instead (gdb on CPython 3.8-3.13, sys.remote_exec on 3.14+).
Bad usage exits 2 with a one-line message. A snapshot that fails is reported
in one line on stderr; the program runs on and keeps its exit code.
A program that ends with os._exit() skips atexit, and so the exit snapshot.
"""
import atexit
import io
import os
import signal
import sys
import types

from . import snapshot
from ._target import UsageError, check_out, resolve

USAGE = ('usage: python -m gcdiag_capture [--out PATH] [--on exit|signal|exit,signal] [--label TEXT] '
         '[--collect-first] [--layout columnar|friendly] [--tracemalloc[=N]] script.py|-m module [args...]'
         ' | --pid PID')
VALUED = ('--out', '--on', '--label', '--layout', '--pid')


# The closures install() makes, which atexit and the signal module hold: listed here so
# that a snapshot finds them as the package's own and leaves them out (see _own.py).
_hooks = []


def parse(argv):
    """Options up to the program; everything after it belongs to the program."""
    opts = {'out': None, 'on': ['exit'], 'label': None, 'collect_first': False, 'layout': 'columnar',
            'tracemalloc': 0, 'pid': None}
    i = 0
    while i < len(argv) and argv[i].startswith('-') and argv[i] != '-' and not argv[i].startswith('-m'):
        arg = argv[i]
        if arg == '--':
            i += 1
            break
        name, eq, value = arg.partition('=')
        i += 1
        if name in ('-h', '--help'):
            raise SystemExit(_help())
        if name == '--collect-first':
            opts['collect_first'] = True
        elif name == '--tracemalloc':
            opts['tracemalloc'] = _frames(value) if eq else 1
        elif name not in VALUED:
            raise UsageError('unknown option %s' % name)
        else:
            if not eq:
                if i >= len(argv):
                    raise UsageError('%s needs a value' % name)
                value = argv[i]
                i += 1
            _set(opts, name, value)
    if opts['pid'] is not None:
        if i < len(argv):
            raise UsageError('--pid attaches to a running process: give no program to run')
        check_out(opts['out'], None, None)
        return opts, None
    target = resolve(argv[i:])
    if 'signal' in opts['on'] and not hasattr(signal, 'SIGUSR1'):
        raise UsageError('--on signal needs SIGUSR1, which this platform does not have')
    check_out(opts['out'], target, numbered if 'signal' in opts['on'] else None)
    return opts, target


def _set(opts, name, value):
    if name == '--on':
        whens = [w.strip() for w in value.split(',') if w.strip()]
        if not whens or any(w not in ('exit', 'signal') for w in whens):
            raise UsageError('--on expects exit, signal or exit,signal (got %r)' % value)
        opts['on'] = whens
    elif name == '--layout':
        if value not in ('columnar', 'friendly'):
            raise UsageError('--layout expects columnar or friendly (got %r)' % value)
        opts['layout'] = value
    elif name == '--pid':
        if not value.isdigit() or int(value) <= 0:
            raise UsageError('--pid expects a process id (got %r)' % value)
        opts['pid'] = int(value)
    else:
        opts[name[2:]] = value


def _frames(value):
    if not value.isdigit() or not 1 <= int(value) <= 1000:
        raise UsageError('--tracemalloc=N expects a frame count from 1 to 1000 (got %r)' % value)
    return int(value)


def _help():
    sys.stdout.write(USAGE + '\n\n' + __doc__.split('\n\n', 1)[1])
    return 0


def numbered(out, n):
    """heap.json -> heap.1.json; heap -> heap.1"""
    root, ext = os.path.splitext(out)
    return '%s.%d%s' % (root, n, ext)


def _say(msg):
    try:
        sys.stderr.write('gcdiag_capture: %s\n' % ' '.join(str(msg).split('\n')))
        sys.stderr.flush()
    except Exception:   # a closed or broken stderr must not fail the program either
        pass


def install(opts, base):
    """base: how labels name the program (`app.py`, `-m pkg.mod`)."""
    out = opts['out'] or 'gcdiag-%d.json' % os.getpid()

    def take(path, label):
        # Never raises (issue 10 §3): a snapshot that cannot be written (folder gone, disk
        # full, a link planted at the path) is one line on stderr; the program runs on, at
        # whatever line the signal interrupted, and keeps its exit code.
        try:
            r = snapshot(path, label=opts['label'] or label, layout=opts['layout'],
                         collect_first=opts['collect_first'])
        except Exception as e:
            _say('snapshot %s failed: %s: %s' % (path, type(e).__name__, e))
            return
        _say('wrote %s (%d objects, %d edges, %.2f s)' % (r.path, r.objects, r.edges, r.seconds))

    if 'signal' in opts['on']:
        count = [0]

        def on_signal(signum, frame):
            del frame   # the interrupted frame is the program's; the snapshot finds it itself
            count[0] += 1
            take(numbered(out, count[0]), '%s signal %d' % (base, count[0]))
        signal.signal(signal.SIGUSR1, on_signal)
        _hooks.append(on_signal)
        _say('pid %d: send SIGUSR1 (kill -USR1 %d) to write %s' % (os.getpid(), os.getpid(), numbered(out, 1)))
    _hooks.append(take)
    if 'exit' in opts['on']:
        at_exit = lambda: take(out, '%s at exit' % base)   # noqa: E731
        _hooks.append(at_exit)
        return at_exit
    return None


def run_script(script, args):
    """Execute script as the __main__ module, like `python script.py`."""
    path = os.path.abspath(script)
    with io.open_code(path) as f:
        source = f.read()
    code = compile(source, path, 'exec')
    main = types.ModuleType('__main__')
    main.__file__ = path
    main.__builtins__ = __builtins__ if isinstance(__builtins__, dict) else __builtins__.__dict__
    main.__cached__ = None
    sys.modules['__main__'] = main   # stays: module globals live until exit, as in a plain run
    sys.argv[:] = [script] + list(args)
    # As Python sets it: the folder of the script, links resolved.
    _set_path0(os.path.dirname(os.path.realpath(path)))
    del source, f
    exec(code, vars(main))


def _set_path0(folder):
    """sys.path[0] is the runner's own entry (the working folder under -m, the package's
    parent under _boot.py): the program's takes its place. Under `python -P` (3.11+)
    Python adds none, and sys.path[0] is the standard library's: left alone."""
    if not getattr(sys.flags, 'safe_path', False):
        sys.path[0] = folder


class _NoModule(ImportError):
    pass


def find_module(name):
    """Look module `name` up as `python -m name` does (its parent packages are imported):
    (name, spec, code), or None when runpy has no private API to do it with."""
    _set_path0(os.getcwd())
    sys.argv[:] = ['-m']   # what `python -m` shows while it looks the module up
    import runpy   # imported by main() while sys.path[0] was still the package's parent
    get_details = getattr(runpy, '_get_module_details', None)
    if get_details is None or getattr(runpy, '_run_code', None) is None:  # pragma: no cover
        return None
    try:
        return get_details(name, _NoModule)
    except _NoModule as e:
        raise UsageError(str(e))


def run_module(name, args, details=None):
    """Execute module `name` as __main__, like `python -m name` (runpy._run_module_as_main,
    but in a new __main__ module that stays in sys.modules, not the runner's)."""
    import runpy
    details = details or find_module(name)
    if details is None:  # pragma: no cover - runpy's private API moved
        sys.argv[:] = [name] + list(args)
        runpy.run_module(name, run_name='__main__', alter_sys=True)
        return
    name, spec, code = details
    main = types.ModuleType('__main__')
    sys.modules['__main__'] = main   # stays, as in run_script
    sys.argv[:] = [spec.origin] + list(args)
    run_code = runpy._run_code
    del details
    run_code(code, vars(main), None, '__main__', spec)


def main(argv=None):
    """Run from __main__.py or _boot.py; sys.path[0] is the program's once it runs."""
    argv = sys.argv[1:] if argv is None else argv
    # Here, not at the top: importing the package must leave no cyclic garbage (runpy's
    # imports do), and before the program's folder is on sys.path (a runpy.py there).
    import runpy  # noqa: F401
    import tracemalloc
    try:
        opts, target = parse(argv)
        if target is None:
            from . import _attach
            raise SystemExit(_attach.main(opts))
        if opts['tracemalloc'] and not tracemalloc.is_tracing():
            tracemalloc.start(opts['tracemalloc'])   # before any of the program's code: every object has a site
        details = find_module(target.name) if target.kind == 'module' else None
    except UsageError as e:
        sys.stderr.write('gcdiag_capture: %s (see python -m gcdiag_capture --help)\n' % e)
        raise SystemExit(2)
    # Plain values from here: a Target instance (a class of the package's) left in this
    # frame while the program runs would be in a snapshot taken on a signal.
    kind, name, args = target.kind, target.name, target.args
    at_exit = install(opts, target.describe())
    del target
    try:
        if kind == 'module':
            run_module(name, args, details)
        else:
            run_script(name, args)
    finally:
        # Registered last, so it runs first: the heap as the program's code left it,
        # before its own atexit handlers tidy up.
        if at_exit is not None:
            atexit.register(at_exit)
