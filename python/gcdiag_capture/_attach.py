"""python -m gcdiag_capture --pid PID: a snapshot of a running Python process.

CPython 3.8-3.13: gdb attaches, maps a page in the target, copies the
bootstrap (_inject.py) into it and either
  * runs it at once (PyGILState_Ensure, PyRun_SimpleString, PyGILState_Release)
    when the main thread is stopped in a system call (sleeping, waiting on a
    lock, a socket or a queue: the usual state of a server), where no
    interpreter structure is half-changed; or
  * hands it to Py_AddPendingCall, which the main thread runs at its next
    bytecode boundary, when it was stopped anywhere else (running Python code
    or native code) and calling into Python there could corrupt it.
Then gdb detaches, and this process waits for the status file the bootstrap
writes. CPython 3.14+: sys.remote_exec (PEP 768) runs the bootstrap at the
target's next safe point, with no gdb (untested here: no native 3.14).

Errors are one line, exit 2: no such process, not permitted (ptrace), not
Python, gdb missing, a version below 3.8. A capture that fails inside the
target exits 3; the target runs on either way.
"""
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

from ._inject import bootstrap

WAIT_SECONDS = 60   # for a pending call or remote_exec to reach a safe point
PTRACE_HINT = ('run as the same user with kernel.yama.ptrace_scope 0 '
               '(sysctl kernel.yama.ptrace_scope=0), or as root / with CAP_SYS_PTRACE '
               '(docker run --cap-add=SYS_PTRACE)')


class AttachError(Exception):
    """code 2: the attach could not start; 3: the capture failed inside the target."""

    def __init__(self, msg, code=2):
        Exception.__init__(self, msg)
        self.code = code


def main(opts):
    pid = opts['pid']
    out = os.path.abspath(opts['out'] or 'gcdiag-%d.json' % pid)
    try:
        (path, objects, edges, seconds), how = attach(pid, out, opts['label'] or 'pid %d' % pid, opts['layout'],
                                                     opts['collect_first'])
    except AttachError as e:
        _say('--pid %d: %s' % (pid, e))
        return e.code
    except KeyboardInterrupt:
        _say('--pid %d: interrupted; no snapshot (a bootstrap still queued in the target does nothing)' % pid)
        return 130
    _say('wrote %s (%d objects, %d edges, %.2f s in pid %d, %s)' % (path, objects, edges, seconds, pid, how))
    return 0


def _say(msg):
    sys.stderr.write('gcdiag_capture: %s\n' % ' '.join(str(msg).split('\n')))
    sys.stderr.flush()


def attach(pid, out, label, layout, collect_first):
    """((path, objects, edges, seconds) of the snapshot the target wrote, how it was run)."""
    if pid == os.getpid():
        raise AttachError('that is this process')
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        raise AttachError('no such process')
    except PermissionError:
        raise AttachError('ptrace is not permitted (the process belongs to another user): %s' % PTRACE_HINT)
    exe, version = target_python(pid)
    if version is not None and version < (3, 8):
        raise AttachError('%s is Python %d.%d; capture needs CPython 3.8 or newer' % ((exe,) + version))
    folder = tempfile.mkdtemp(prefix='gcdiag-attach-')
    try:
        _give_to_target(folder, pid)
        code = bootstrap(folder, out, label, layout, bool(collect_first))
        if version is not None and version >= (3, 14):
            _remote_exec(pid, exe, folder, code)
            how = 'sys.remote_exec'
        else:
            how = _gdb(pid, exe, folder, code)
        return _wait(folder, pid), how
    finally:
        shutil.rmtree(folder, ignore_errors=True)   # a late bootstrap then does nothing


def target_python(pid):
    """(executable, (major, minor) or None) from /proc; not Python: AttachError."""
    try:
        exe = os.readlink('/proc/%d/exe' % pid)
    except FileNotFoundError:
        return None, None   # no /proc (macOS): gdb will tell
    except PermissionError:
        raise AttachError('ptrace is not permitted (/proc/%d/exe is not readable): %s' % (pid, PTRACE_HINT))
    except OSError:
        return None, None
    m = re.search(r'python(\d+)\.(\d+)', os.path.basename(exe))
    if m is None:
        try:
            with open('/proc/%d/maps' % pid) as f:
                m = re.search(r'libpython(\d+)\.(\d+)', f.read())
        except OSError:
            m = None
    if m is None:
        if 'python' not in os.path.basename(exe).lower():
            raise AttachError('not a Python process (its executable is %s)' % exe)
        return exe, None
    return exe, (int(m.group(1)), int(m.group(2)))


def _give_to_target(folder, pid):
    """The target writes its status here: when root attaches to another user's
    process, the folder must be that user's."""
    try:
        st = os.stat('/proc/%d' % pid)
    except OSError:
        return
    if hasattr(os, 'geteuid') and os.geteuid() == 0 and st.st_uid != 0:
        os.chown(folder, st.st_uid, st.st_gid)


def _wait(folder, pid):
    status = os.path.join(folder, 'status')
    deadline = time.monotonic() + WAIT_SECONDS
    while not os.path.exists(status):
        if time.monotonic() > deadline:
            raise AttachError('the program did not reach a point where it runs Python code within %d s '
                              '(busy in native code, or stopped); no snapshot taken' % WAIT_SECONDS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            raise AttachError('the process ended before the capture ran')
        time.sleep(0.05)
    with open(status) as f:
        fields = f.read().split('\t')
    if fields[0] != 'ok':
        raise AttachError('the capture failed in the target: %s' % '\t'.join(fields[1:]), 3)
    return fields[1], int(fields[2]), int(fields[3]), float(fields[4])


def _remote_exec(pid, exe, folder, code):
    """CPython 3.14+ (PEP 768): the interpreter runs a script at its next safe point."""
    script = os.path.join(folder, 'bootstrap.py')
    with open(script, 'w') as f:
        f.write(code)
    os.chmod(script, 0o644)
    runner = sys.executable if sys.version_info >= (3, 14) else exe
    r = subprocess.run([runner, '-I', '-c', 'import sys; sys.remote_exec(int(sys.argv[1]), sys.argv[2])',
                        str(pid), script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        last = (r.stdout.strip().splitlines() or ['exit %d' % r.returncode])[-1]
        if 'Operation not permitted' in last or 'PermissionError' in last:
            raise AttachError('sys.remote_exec is not permitted: %s (%s)' % (last, PTRACE_HINT))
        raise AttachError('sys.remote_exec failed: %s' % last)


# Per machine: the main thread is stopped in a system call (after the syscall
# instruction, in a libc wrapper), that call is a futex wait (a lock, a condition,
# the GIL), and how to make that wait return EINTR once gdb lets go.
ARCH = {
    'x86_64': ('*(unsigned short *)($pc - 2) == 0x050f && $orig_rax != -1', '$orig_rax == 202',
               'set $orig_rax = -1\nset $rax = -4'),
    'aarch64': ('*(unsigned int *)($pc - 4) == 0xd4000001', '$x8 == 98', None),
}
ARCH['AMD64'], ARCH['arm64'] = ARCH['x86_64'], ARCH['aarch64']

# In a system call that is not a futex wait (sleep, select, poll, read, accept: the
# usual state of an idle program), the interpreter's structures are whole and the GIL
# is free or held across the call: run the bootstrap at once. Elsewhere calling into
# Python could find them half-changed, and a thread waiting for the GIL would deadlock
# in a nested wait: Py_AddPendingCall, run by the main thread at its next bytecode
# boundary. A lock wait made to return EINTR runs pending calls too (Python's lock
# acquire does, then waits again); a GIL or mutex wait just loops.
GDB_SCRIPT = '''set pagination off
set confirm off
set unwindonsignal on
set scheduler-locking off
thread 1
set $gcdiag_buf = ((void *(*)(void *, unsigned long, int, int, int, long))mmap)(0, {size}, 3, 0x22, -1, 0)
restore {code} binary $gcdiag_buf
if ({in_syscall}) && !({futex})
  set $gcdiag_gil = ((int (*)(void))PyGILState_Ensure)()
  set $gcdiag_rc = ((int (*)(char *))PyRun_SimpleString)((char *)$gcdiag_buf)
  call ((void (*)(int))PyGILState_Release)($gcdiag_gil)
  call ((int (*)(void *, unsigned long))munmap)($gcdiag_buf, {size})
  echo gcdiag-ran-directly\\n
else
  set $gcdiag_rc = ((int (*)(void *, void *))Py_AddPendingCall)((void *)PyRun_SimpleString, $gcdiag_buf)
  if ({in_syscall}) && ({futex})
{interrupt}
  end
  echo gcdiag-pending\\n
end
'''


def _gdb(pid, exe, folder, code):
    gdb = shutil.which('gdb')
    if gdb is None:
        raise AttachError('gdb is not installed (apt-get install gdb; --pid needs it before CPython 3.14)')
    data = code.encode('utf-8') + b'\0'
    size = (len(data) + 4095) // 4096 * 4096
    code_file = os.path.join(folder, 'bootstrap.bin')
    with open(code_file, 'wb') as f:
        f.write(data)
    in_syscall, futex, interrupt = ARCH.get(platform.machine(), ('0', '1', None))
    script = os.path.join(folder, 'attach.gdb')
    with open(script, 'w') as f:
        f.write(GDB_SCRIPT.format(size=size, code=code_file, in_syscall=in_syscall, futex=futex,
                                  interrupt=interrupt or 'echo'))
    # Its own session: a Ctrl-C at the terminal must not interrupt gdb while the target
    # runs a function it called (the target would be left inside it).
    r = subprocess.run([gdb, '-q', '-nx', '-batch', '-iex', 'set auto-load off', '-p', str(pid), '-x', script],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, start_new_session=True)
    text = r.stdout
    if 'gcdiag-ran-directly' in text:
        return 'gdb, at once (main thread in a system call)'
    if 'gcdiag-pending' in text:
        return 'gdb, as a pending call'
    raise AttachError(_gdb_error(text, exe))


def _gdb_error(text, exe):
    if 'ptrace: Operation not permitted' in text or 'Could not attach to process' in text:
        return 'ptrace is not permitted: %s' % PTRACE_HINT
    if 'No such process' in text:
        return 'no such process'
    if re.search(r'No symbol "(Py_AddPendingCall|PyGILState_Ensure|PyRun_SimpleString)"', text):
        return 'not a Python process (no CPython C API in %s)' % (exe or 'its executable')
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith(('[', 'warning:', 'Reading symbols'))]
    return 'gdb failed: %s' % (lines[-1] if lines else 'no output')
