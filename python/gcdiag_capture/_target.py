"""What the runner runs, found as Python would find it, and checks made before it runs.

    script.py args     a file, run as `python script.py`
    -m module args     a module run as `python -m module` (runpy)
    name args          a console script found on PATH (`pytest`, `flask`, `uvicorn`),
                       run as its shebang would run it, under this interpreter
"""
import os
import stat

from ._write import OutError, check_target


class UsageError(Exception):
    pass


class Target(object):
    """kind: 'script' or 'module'; name: the script's path or the module's name."""
    __slots__ = ('kind', 'name', 'args')

    def __init__(self, kind, name, args):
        self.kind, self.name, self.args = kind, name, args

    def describe(self):
        return os.path.basename(self.name) if self.kind == 'script' else '-m ' + self.name


def resolve(rest):
    """rest: the command line after the runner's options."""
    if not rest:
        raise UsageError('no script given')
    first, args = rest[0], list(rest[1:])
    if first == '-m' or (first.startswith('-m') and len(first) > 2):
        name = first[2:] if len(first) > 2 else (args.pop(0) if args else '')
        if not name:
            raise UsageError('-m needs a module name')
        return Target('module', name, args)
    if os.path.isfile(first):
        return Target('script', first, args)
    import shutil
    found = None if os.sep in first or (os.altsep and os.altsep in first) else shutil.which(first)
    if found is not None and not is_python_script(found):
        found = _unshim(found, first) or found
    if found is None:
        raise UsageError('script not found: %s (neither a file nor a command on PATH)' % first)
    if not is_python_script(found):
        raise UsageError('%s (%s) is not a Python script: give a .py file, -m module, or a Python console script'
                         % (first, found))
    return Target('script', found, args)


def _unshim(path, name):
    """A pyenv shim (a shell script in .../shims) runs the command of the selected
    version: `pyenv which` names it."""
    if os.path.basename(os.path.dirname(path)) != 'shims':
        return None
    import subprocess
    try:
        r = subprocess.run(['pyenv', 'which', name], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           universal_newlines=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    found = r.stdout.strip()
    return found if r.returncode == 0 and os.path.isfile(found) else None


def is_python_script(path):
    """A file whose shebang runs Python: `#!/usr/bin/python3`, `#!/usr/bin/env python3`, or
    pip's `#!/bin/sh` + `'''exec' /path/python` wrapper for long interpreter paths."""
    return shebang_python(path) is not None


def shebang_python(path):
    """The interpreter a script's first lines name, or None."""
    try:
        with open(path, 'rb') as f:
            head = f.read(1024)
    except OSError:
        return None
    lines = head.split(b'\n')
    if not lines[0].startswith(b'#!'):
        return None
    words = lines[0][2:].decode('utf-8', 'replace').split()
    if words and os.path.basename(words[0]) == 'env':
        words = [w for w in words[1:] if not w.startswith('-')]
    if words and os.path.basename(words[0]) == 'sh' and len(lines) > 1 and lines[1].startswith(b"'''exec' "):
        words = [lines[1][9:].decode('utf-8', 'replace').split(' "$0"')[0].strip().strip('"\'')]
    if words and os.path.basename(words[0]).startswith(('python', 'pypy')):
        return words[0]
    return None


def check_out(out, target, numbered):
    """Refuse a bad --out before the program runs: '' (no default), the script itself,
    a link, directory, device or read-only file, a missing or read-only folder."""
    if out is None:
        return
    if out == '':
        raise UsageError('--out needs a file name')
    paths = [numbered(out, 1), out] if numbered else [out]
    for path in paths:
        if target is not None and target.kind == 'script' and _same_file(path, target.name):
            raise UsageError('--out %s is the script %s: writing it would destroy the script' % (path, target.name))
        try:
            check_target(path)
        except OutError as e:
            raise UsageError('--out %s' % e)
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise UsageError('--out %s: the folder %s does not exist' % (out, folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError('--out %s: the folder %s is not writable' % (out, folder))


def _same_file(a, b):
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
    return stat.S_ISREG(sa.st_mode) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
