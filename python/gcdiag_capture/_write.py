"""Streaming JSON out, chunk by chunk, to a temporary file renamed into place.

Never one giant string: int columns go out 64k numbers at a time. A reader
sees either the previous file or the complete new one (os.replace is atomic
on one filesystem, which is why the temporary file sits next to the target).
"""
import json
import os
from json.encoder import encode_basestring_ascii as _q

from ._labels import EDGE_KINDS

CHUNK = 1 << 16


def atomic_write(path, emit, *args):
    """Call emit(write, *args) with a writer to a temp file beside path, then rename it over path."""
    d, base = os.path.split(os.path.abspath(path))
    tmp = os.path.join(d, '.%s.%d.tmp' % (base, os.getpid()))
    try:
        with open(tmp, 'w', encoding='utf-8', newline='\n', buffering=1 << 20) as f:
            emit(f.write, *args)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _head(w, header):
    w(json.dumps(header, ensure_ascii=True)[:-1])


def ints(w, arr):
    """A JSON array of ints; str(list) is C code and beats ','.join(map(str, ...)) twofold."""
    w('[')
    for a in range(0, len(arr), CHUNK):
        if a:
            w(',')
        chunk = arr[a:a + CHUNK]
        w(str(chunk if type(chunk) is list else chunk.tolist())[1:-1].replace(' ', ''))
    w(']')


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
    cols = [('id', c.ids), ('type', c.types), ('size', c.sizes), ('refcount', c.refcounts), ('gen', c.gens),
            ('flags', c.flags)]
    if c.sites is not None:
        cols.append(('site', c.sites))
    for name, arr in cols:
        w(',\n"%s":' % name)
        ints(w, arr)
    w('},\n"edges":{"count":%d' % len(c.edge_to))
    for name, arr in (('from', c.edge_from), ('to', c.edge_to), ('label', c.edge_label), ('kind', c.edge_kind)):
        w(',\n"%s":' % name)
        ints(w, arr)
    w('}')
    roots(w, c.roots)


def friendly(w, header, c):
    _head(w, header)
    w(',\n"objects":[')
    st, ids = c.strings, c.ids
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
            ',\n' if e else '\n', ids[c.edge_from[e]], ids[c.edge_to[e]],
            '"label":%s,' % _q(st[lab]) if lab else '', EDGE_KINDS[c.edge_kind[e]]))
    w(']')
    roots(w, c.roots)
