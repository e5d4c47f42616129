"""python -m gcdiag_capture.record --out TRACE [options] [--] script.py args...
python -m gcdiag_capture.record --out TRACE [options] -m module args...

Runs the program as `python script.py` (or `python -m module`) would and
records, for `gcdiag tune`, every change of the collector's gen-0 counter
between sample points and every collection (format: gcdiag-recording; gzip'd
when TRACE ends in .gz).

Options:
  --out TRACE      where to write the recording (required)
  --approximate    do not locate the collector state: callbacks only
                   (what happens anyway where the layout is not recognised)
  --no-examined    do not count the objects each collection examines

The trace is written to TRACE.<random>.part (created exclusively; or --part PATH) and renamed to TRACE when the
program's code has finished: normally, by sys.exit(code) or by an uncaught
exception (its exit code is in the trace's last line). Interrupted runs
(KeyboardInterrupt, os._exit, a signal) leave no trace. The program's atexit
handlers run after the recording has ended.

From the program: `from gcdiag_capture.record import mark; mark('warmup')`
puts a named mark in the trace (a no-op when not recording).
"""
import os
import sys
import traceback

USAGE = 'usage: python -m gcdiag_capture.record --out TRACE [--approximate] [--no-examined] [--] (script.py | -m module) [args...]'

from . import _record   # holds the active recorder: this file also runs as __main__


def mark(name):
    """A named point in the recording (e.g. the end of a warm-up); no-op when not recording."""
    rec = _record.ACTIVE
    if rec is not None:
        rec.mark(name)


def recording():
    """True while this process is being recorded."""
    return _record.ACTIVE is not None


class UsageError(Exception):
    pass


def parse(argv):
    opts = {'out': None, 'part': None, 'approximate': False, 'examined': True, 'module': None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == '--':
            i += 1
            break
        if a in ('-h', '--help'):
            sys.stdout.write(USAGE + '\n\n' + __doc__.split('\n\n', 1)[1])
            raise SystemExit(0)
        if a == '--approximate':
            opts['approximate'] = True
        elif a == '--no-examined':
            opts['examined'] = False
        elif a in ('--out', '--part') or a.startswith(('--out=', '--part=')):
            name, eq, value = a.partition('=')
            if not eq:
                if i + 1 >= len(argv):
                    raise UsageError('%s needs a file name' % name)
                i += 1
                value = argv[i]
            opts[name[2:]] = value
        elif a.startswith('-') and a != '-m':
            raise UsageError('unknown option %s' % a)
        else:
            break
        i += 1
    rest = argv[i:]
    if not opts['out']:
        raise UsageError('--out TRACE is required')
    if rest and rest[0] == '-m':
        if len(rest) < 2:
            raise UsageError('-m needs a module name')
        opts['module'] = rest[1]
        return opts, None, rest[2:]
    if not rest:
        raise UsageError('no script given')
    if not os.path.isfile(rest[0]):
        raise UsageError('script not found: %s' % rest[0])
    return opts, rest[0], rest[1:]


def _exit_code(e):
    """The process exit code a SystemExit gives (printing a non-int code as Python does)."""
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xff
    sys.stderr.write('%s\n' % (code,))
    return 1


def run(opts, script, args):
    from ._record import Recorder
    from ._runner import run_script
    import runpy
    argv = ['-m', opts['module']] + list(args) if opts['module'] else [script] + list(args)
    if opts['module'] and not _module_exists(opts['module']):
        # as `python -m` says it; nothing ran, so nothing is recorded
        sys.stderr.write('%s: No module named %s\n' % (os.path.basename(sys.executable), opts['module']))
        return 1
    rec = Recorder(opts['out'], argv, approximate=opts['approximate'], examined=opts['examined'], part=opts['part'])
    if rec.state is None and not opts['approximate']:
        sys.stderr.write('gcdiag record: approximate recording: %s\n' % rec.reason)
    if opts['module']:
        sys.argv[:] = [opts['module']] + list(args)   # runpy puts the module's file in argv[0]
        sys.path[0] = os.getcwd()
    _record.ACTIVE = rec
    rec.start()
    code = 0
    try:
        try:
            if opts['module']:
                runpy.run_module(opts['module'], run_name='__main__', alter_sys=True)
            else:
                run_script(script, args)
        finally:
            rec.stop()
    except SystemExit as e:
        code = _exit_code(e)
    except KeyboardInterrupt:
        _record.ACTIVE = None
        rec.abort()
        raise
    except BaseException:
        # As Python reports an uncaught exception (the recorder's frames left out).
        etype, value, tb = sys.exc_info()
        while tb is not None and tb.tb_frame.f_code.co_filename in (__file__, _runner_file()):
            tb = tb.tb_next
        traceback.print_exception(etype, value, tb)
        code = 1
    _record.ACTIVE = None
    try:
        summary = rec.finish(code)
    except BaseException:
        rec.abort()
        raise
    sys.stderr.write('gcdiag record: wrote %s (%s)\n' % (opts['out'], summary))
    return code


def _module_exists(name):
    import importlib.util
    sys.path.insert(0, os.getcwd())   # where `python -m` looks first
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
    finally:
        del sys.path[0]


def _runner_file():
    from . import _runner
    return _runner.__file__


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        opts, script, args = parse(argv)
    except UsageError as e:
        sys.stderr.write('gcdiag record: %s\n%s\n' % (e, USAGE))
        raise SystemExit(2)
    sys.stdout.flush()
    code = run(opts, script, args)
    sys.stdout.flush()
    raise SystemExit(code)


if __name__ == '__main__':
    main()
