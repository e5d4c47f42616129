"""The side of `--pid` that runs inside the target process (see _attach.py).

_attach.py makes the target run bootstrap() (as PyRun_SimpleString through gdb,
or sys.remote_exec's script on 3.14+). The bootstrap imports this package with
the program's sys.path[0] set aside (a gcdiag_capture.py or json.py in the
program's folder must not be imported instead), puts sys.path back, and calls
run(), which never raises into the program: the outcome goes to a status file
the attaching process waits for.
"""
import os

from . import snapshot

# Compiled under this file's name, so that its frames count as the package's own
# and stay out of the snapshot (_own.py goes by co_filename). Names only in its own
# namespace (exec'd in a new dict): nothing is added to the program's __main__.
BOOTSTRAP = r'''
def _gcdiag_attach(package_parent, folder, out, label, layout, collect_first):
    import os, sys
    if not os.path.isdir(folder):
        return   # the attaching process gave up waiting: do nothing
    saved = sys.path[:]
    main_file = getattr(sys.modules.get('__main__'), '__file__', None)
    program = {'', os.getcwd(), os.path.dirname(os.path.realpath(main_file)) if type(main_file) is str else ''}
    try:
        sys.path[:] = [package_parent] + [p for p in saved if p not in program]
        from gcdiag_capture import _inject
    except BaseException as e:
        with open(os.path.join(folder, 'status.tmp'), 'w') as f:
            f.write('error\tcannot import gcdiag_capture from %s: %s: %s' % (package_parent, type(e).__name__, e))
        os.replace(os.path.join(folder, 'status.tmp'), os.path.join(folder, 'status'))
        return
    finally:
        sys.path[:] = saved
    _inject.run(folder, out, label, layout, collect_first)
'''


def bootstrap(folder, out, label, layout, collect_first):
    """The Python source the target runs: one line, no names left in __main__."""
    parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    body = BOOTSTRAP + '_gcdiag_attach(%r, %r, %r, %r, %r, %r)\n' % (parent, folder, out, label, layout, collect_first)
    return 'exec(compile(%r, %r, "exec"), {})\n' % (body, os.path.abspath(__file__))


def run(folder, out, label, layout, collect_first):
    try:
        r = snapshot(out, label=label, layout=layout, collect_first=collect_first)
        status = 'ok\t%s\t%d\t%d\t%.3f' % (r.path, r.objects, r.edges, r.seconds)
    except Exception as e:
        status = 'error\t%s: %s' % (type(e).__name__, ' '.join(str(e).split()))
    try:
        tmp = os.path.join(folder, 'status.tmp')
        with open(tmp, 'w') as f:
            f.write(status)
        os.replace(tmp, os.path.join(folder, 'status'))
    except OSError:
        pass   # the attaching process gave up and removed the folder
