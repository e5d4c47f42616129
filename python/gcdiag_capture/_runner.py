"""python -m gcdiag_capture [options] script.py [args...]

Runs script.py as `python script.py` would (sys.argv, a real __main__ module
in sys.modules, the script's folder first on sys.path) and writes snapshots:

  --on exit      when the script's code has finished (or raised, or called
                 sys.exit), before other atexit handlers run   [default]
  --on signal    on every SIGUSR1: out.1.json, out.2.json, ... (POSIX only)
  --on exit,signal   both

Options: --out PATH (default gcdiag-<pid>.json), --label TEXT, --collect-first,
--layout columnar|friendly. Bad usage exits 2 with a one-line message.
A script that ends with os._exit() skips atexit, and so the exit snapshot.
"""
import atexit
import io
import os
import signal
import sys
import types

from . import snapshot

USAGE = ('usage: python -m gcdiag_capture [--out PATH] [--on exit|signal|exit,signal] [--label TEXT] '
         '[--collect-first] [--layout columnar|friendly] script.py [args...]')


# The closures install() makes, which atexit and the signal module hold: listed here so
# that a snapshot finds them as the package's own and leaves them out (see _own.py).
_hooks = []


class UsageError(Exception):
    pass


def parse(argv):
    """Options up to the script name; everything after it belongs to the script."""
    opts = {'out': None, 'on': ['exit'], 'label': None, 'collect_first': False, 'layout': 'columnar'}
    i = 0
    while i < len(argv) and argv[i].startswith('-') and argv[i] != '-':
        arg = argv[i]
        if arg == '--':
            i += 1
            break
        name, eq, value = arg.partition('=')
        if name in ('-h', '--help'):
            raise SystemExit(_help())
        if name == '--collect-first':
            opts['collect_first'] = True
            i += 1
            continue
        if name not in ('--out', '--on', '--label', '--layout'):
            raise UsageError('unknown option %s' % name)
        if not eq:
            if i + 1 >= len(argv):
                raise UsageError('%s needs a value' % name)
            value = argv[i + 1]
            i += 1
        i += 1
        if name == '--on':
            whens = [w.strip() for w in value.split(',') if w.strip()]
            if not whens or any(w not in ('exit', 'signal') for w in whens):
                raise UsageError('--on expects exit, signal or exit,signal (got %r)' % value)
            opts['on'] = whens
        elif name == '--layout':
            if value not in ('columnar', 'friendly'):
                raise UsageError('--layout expects columnar or friendly (got %r)' % value)
            opts['layout'] = value
        else:
            opts[name[2:]] = value
    if i >= len(argv):
        raise UsageError('no script given')
    script = argv[i]
    if not os.path.isfile(script):
        raise UsageError('script not found: %s' % script)
    if 'signal' in opts['on'] and not hasattr(signal, 'SIGUSR1'):
        raise UsageError('--on signal needs SIGUSR1, which this platform does not have')
    return opts, script, argv[i + 1:]


def _help():
    sys.stdout.write(USAGE + '\n\n' + __doc__.split('\n\n', 1)[1])
    return 0


def numbered(out, n):
    """heap.json -> heap.1.json; heap -> heap.1"""
    root, ext = os.path.splitext(out)
    return '%s.%d%s' % (root, n, ext)


def _say(msg):
    sys.stderr.write('gcdiag_capture: %s\n' % msg)
    sys.stderr.flush()


def install(opts, script):
    out = opts['out'] or 'gcdiag-%d.json' % os.getpid()
    base = os.path.basename(script)

    def take(path, label):
        r = snapshot(path, label=opts['label'] or label, layout=opts['layout'],
                     collect_first=opts['collect_first'])
        _say('wrote %s (%d objects, %d edges, %.2f s)' % (r.path, r.objects, r.edges, r.seconds))

    if 'signal' in opts['on']:
        count = [0]

        def on_signal(signum, frame):
            del frame   # the interrupted frame is the script's; the snapshot finds it itself
            count[0] += 1
            try:
                take(numbered(out, count[0]), '%s signal %d' % (base, count[0]))
            except RuntimeError as e:   # a capture already running (signal during a capture)
                _say(str(e))
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
    sys.path[0] = os.path.dirname(path)
    del source, f
    exec(code, vars(main))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts, script, args = parse(argv)
    except UsageError as e:
        sys.stderr.write('gcdiag_capture: %s (see python -m gcdiag_capture --help)\n' % e)
        raise SystemExit(2)
    at_exit = install(opts, script)
    try:
        run_script(script, args)
    finally:
        # Registered last, so it runs first: the heap as the script's code left it,
        # before the script's own atexit handlers tidy up.
        if at_exit is not None:
            atexit.register(at_exit)
