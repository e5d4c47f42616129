"""Streaming JSON out, chunk by chunk, to a temporary file renamed into place.

Never one giant string: int columns go out 16 k numbers at a time (edge
sources 16 k objects' worth at a time). A reader sees either the previous file
or the complete new one (os.replace is atomic on one filesystem, which is why
the temporary file sits next to the target).
"""
import binascii
import json
import os
import signal
import stat
from array import array
from itertools import chain, repeat
from operator import mul
from json.encoder import encode_basestring_ascii as _q

from ._labels import EDGE_KINDS

CHUNK = 1 << 14   # 16 k numbers: a chunk's ints and text are transient memory


class OutError(OSError):
    """The snapshot's path names something that must not be replaced."""


def check_target(path):
    """Refuse what an existing path may not be: a symbolic link, a directory, a
    device, FIFO or socket, or a read-only file. Returns its lstat() or None."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        # Not followed: a link planted where the snapshot goes would redirect it
        # onto a file of the link's choosing.
        raise OutError('%s is a symbolic link: refusing to write through it (name the file it points to)' % path)
    if stat.S_ISDIR(st.st_mode):
        raise OutError('%s is a directory: give a file name' % path)
    if not stat.S_ISREG(st.st_mode):
        raise OutError('%s is not a regular file: refusing to replace it' % path)
    # The mode bits as well as access(): root may write anything, but a file
    # nobody may write was made read-only on purpose.
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise OutError('%s is read-only: refusing to replace it' % path)
    return st


class _Terminated(BaseException):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated()


def atomic_write(path, emit, *args):
    """Call emit(write, *args) with a writer to a new temporary file beside path,
    then rename it over path. The temporary file is created exclusively under an
    unpredictable name (nothing planted there can redirect the write), with the
    umask's permissions (a replaced file's own), and removed on any failure,
    KeyboardInterrupt and SIGTERM included."""
    if not path:
        raise OutError('the snapshot path is empty')
    old = check_target(path)
    d, base = os.path.split(os.path.abspath(path))
    tmp = os.path.join(d, '.%s.%s.tmp' % (base, binascii.hexlify(os.urandom(8)).decode('ascii')))
    held = False
    try:
        held = _hold_sigterm()
        _write_new(tmp, old, emit, args)
        try:
            check_target(path)   # it may have changed during the capture
            os.replace(tmp, path)
        except BaseException:
            _unlink(tmp)
            raise
        if held:
            held = False
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except _Terminated:
        # Only our handler raises it, so it is installed: restore the default and die of it.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    finally:
        if held:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _write_new(tmp, old, emit, args):
    """Create tmp exclusively (0666 less the umask, or old's mode) and emit into it;
    on any failure nothing is left."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_CLOEXEC', 0), 0o666)
    try:
        if old is not None and hasattr(os, 'fchmod'):
            os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)
        f = os.fdopen(fd, 'w', encoding='utf-8', newline='\n', buffering=1 << 20)
    except BaseException:
        os.close(fd)
        _unlink(tmp)
        raise
    try:
        with f:
            emit(f.write, *args)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def _hold_sigterm():
    """While writing, turn SIGTERM into an exception so the temporary file is removed,
    only where the program left SIGTERM's default (which kills without cleaning up)
    and only in the main thread (elsewhere signal.signal raises ValueError)."""
    try:
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return False
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):
        return False
    return True


def _head(w, header):
    w(json.dumps(header, ensure_ascii=True)[:-1])


def _array(w, chunks):
    """A JSON array from text chunks that each start with a comma (empty chunks allowed)."""
    w('[')
    first = True
    for s in chunks:
        if first:
            if not s:
                continue
            s = s[1:]
            first = False
        w(s)
    w(']')


def _formatted(arr):
    # One %-format of a tuple per chunk is C code: faster than str(list) + replace (and
    # than ','.join(map(str, ...))), the numbers here being mostly distinct.
    for a in range(0, len(arr), CHUNK):
        chunk = tuple(arr[a:a + CHUNK])
        yield (_FULL if len(chunk) == CHUNK else ',%d' * len(chunk)) % chunk


_FULL = ',%d' * CHUNK


def ints(w, arr):
    """A JSON array of ints (ids, edge targets, labels: mostly distinct values)."""
    _array(w, _formatted(arr))


class _Texts(dict):
    """int -> ',<int>', made once per distinct value."""
    __slots__ = ()

    def __missing__(self, v):
        t = self[v] = ',%d' % v
        return t


def _looked_up(arr):
    text = _Texts().__getitem__
    for a in range(0, len(arr), CHUNK):
        yield ''.join(map(text, arr[a:a + CHUNK]))


def _digits(arr):
    # Values -1..10 of an array('b'): one character each (10 as X, -1 as -), commas put
    # between them by str.join, then the two stand-ins widened.
    for a in range(0, len(arr), CHUNK):
        yield ',' + ','.join(arr[a:a + CHUNK].tobytes().translate(_DIGIT).decode('ascii')).replace(
            'X', '10').replace('-', '-1')


_DIGIT = bytes.maketrans(bytes(range(10)) + bytes([10, 255]), b'0123456789X-')
_SMALL = bytes(range(11)) + bytes([255])   # the bytes of -1..10


def few_ints(w, arr):
    """A JSON array of ints with few distinct values (types, sizes, counts, flags, gens, kinds)."""
    if type(arr) is array and arr.typecode == 'b' and not arr.tobytes().translate(None, _SMALL):
        _array(w, _digits(arr))
    else:
        _array(w, _looked_up(arr))   # one dict lookup each


def _repeated(counts):
    for a in range(0, len(counts), CHUNK):
        c = counts[a:a + CHUNK]
        # ',a', ',a+1', ... from one %-format (a NUL after each, split on) rather than one call each
        texts = ((_FULL_NUL if len(c) == CHUNK else ',%d\0' * len(c)) % tuple(range(a, a + len(c)))).split('\0')
        yield ''.join(map(mul, texts, c))   # the trailing '' is cut off by the shorter c


_FULL_NUL = ',%d\0' * CHUNK


def repeated_ints(w, counts):
    """[0 counts[0] times, 1 counts[1] times, ...]: each number is formatted once."""
    _array(w, _repeated(counts))


def strings(w, items):
    w('[')
    for a in range(0, len(items), CHUNK):
        if a:
            w(',')
        w(','.join(map(_q, items[a:a + CHUNK])))
    w(']')


def roots(w, rs):
    w(',\n"roots":[')
    for k, (name, kind, pairs) in enumerate(rs):
        w(',\n' if k else '\n')
        to = ','.join('{"id":%d,"label":%s}' % (i, _q(lab)) if lab else '{"id":%d}' % i for i, lab in pairs)
        w('{"name":%s,"kind":"%s","to":[%s]}' % (_q(name), kind, to))
    w(']}\n')


def columnar(w, header, c):
    """c: a Columns with ids, types, sizes, refcounts, gens, flags, sites, edges and strings."""
    _head(w, header)
    w(',\n"strings":')
    strings(w, c.strings)
    w(',\n"objects":{"count":%d' % len(c.ids))
    cols = [('id', ints, c.ids), ('type', few_ints, c.types), ('size', few_ints, c.sizes),
            ('refcount', few_ints, c.refcounts), ('gen', few_ints, c.gens), ('flags', few_ints, c.flags)]
    if c.sites is not None:
        cols.append(('site', few_ints, c.sites))
    for name, out, arr in cols:
        w(',\n"%s":' % name)
        out(w, arr)
    w('},\n"edges":{"count":%d' % len(c.edge_to))
    w(',\n"from":')
    repeated_ints(w, c.edge_counts)
    for name, out, arr in (('to', ints, c.edge_to), ('label', ints, c.edge_label), ('kind', few_ints, c.edge_kind)):
        w(',\n"%s":' % name)
        out(w, arr)
    w('}')
    roots(w, c.roots)


def friendly(w, header, c):
    _head(w, header)
    w(',\n"objects":[')
    st = c.strings
    ids = c.ids if type(c.ids) is array else array('q', c.ids)   # indexed per edge: an array of them
    edge_from = array('i', chain.from_iterable(map(repeat, range(len(ids)), c.edge_counts)))   # object indices
    for i in range(len(ids)):
        fl = c.flags[i]
        parts = ['"id":%d,"type":%s,"size":%d,"refcount":%d,"gen":%d' % (
            ids[i], _q(st[c.types[i]]), c.sizes[i], c.refcounts[i], c.gens[i])]
        parts.append('"gc":%s' % ('true' if fl & 1 else 'false'))
        for bit, key in ((4, 'finalizer'), (8, 'tp_del'), (16, 'finalized'), (32, 'immortal')):
            if fl & bit:
                parts.append('"%s":true' % key)
        if c.sites is not None and c.sites[i]:
            parts.append('"site":%s' % _q(st[c.sites[i]]))
        if c.texts is not None and c.texts[i] is not None:
            parts.append('"text":%s' % _q(c.texts[i]))
        w((',\n{' if i else '\n{') + ','.join(parts) + '}')
    w('],\n"edges":[')
    for e in range(len(c.edge_to)):
        lab = c.edge_label[e]
        w('%s{"from":%d,"to":%d,%s"kind":"%s"}' % (
            ',\n' if e else '\n', ids[edge_from[e]], ids[c.edge_to[e]],
            '"label":%s,' % _q(st[lab]) if lab else '', EDGE_KINDS[c.edge_kind[e]]))
    w(']')
    roots(w, c.roots)
