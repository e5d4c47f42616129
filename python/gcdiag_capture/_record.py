"""The recorder behind `gcdiag record`: one run of a program, written as the
gen-0 counter's path between sample points plus one record per collection
(format: gcdiag-recording, see docs/record.md).

How it stays exact (measured in the research note behind docs/record.md):
- the collector state is read through ctypes views (_gcstate): reading it
  allocates no tracked object, so the recorder does not move the counter it
  records;
- a sampler reads the counter at every call, return and loop jump
  (sys.setprofile + threading.setprofile up to 3.11, sys.monitoring on 3.12+,
  where those events are a superset of the points where a scheduled
  collection can run);
- the cushion: the counter and threshold0 are raised by K, so CPython's floor
  at 0 never swallows a free; the recorder applies the floor itself at each
  sample, and the path keeps every free (which counts under other thresholds);
- gc.callbacks note each collection, allocation-free until the counter has
  been read and written back;
- gc.collect/set_threshold/get_count/get_threshold/freeze/unfreeze/enable/
  disable are wrapped, so the program sees its own values (not the cushion)
  and its calls are events at their place in the path.
The trace is written a chunk at a time (a long run never sits in memory).
"""
import array
import binascii
import gc
import gzip
import json
import os
import platform
import sys
import threading
import time
from _thread import get_ident

from . import _gcstate
from ._freelists import Freelists, FIELDS as FL_FIELDS

CUSHION = 1 << 28
INT_MAX = 2147483647
CHUNK = 4096           # path items per line
EVENTS_PER_FLUSH = 512
PRE_312 = sys.version_info < (3, 12)
ACTIVE = None   # the recorder of this process, for record.mark()

# One collection in the `recs` array: these fields, then freelists before and after.
(R_POS, R_GEN, R_MANUAL, R_C0, R_C1, R_C2, R_TOT, R_PEND, R_TOT_A, R_PEND_A, R_COLLECTED, R_UNCOLLECTABLE,
 R_EXAMINED, R_AFTER, R_CPU, R_T) = range(16)
R_FL = 16
R_FL_A = R_FL + FL_FIELDS
NREC = R_FL_A + FL_FIELDS


class Recorder(object):
    def __init__(self, out, argv, approximate=False, examined=True, part=None):
        self.out = out
        # An unpredictable name, created exclusively (start()): a file or link planted
        # where the trace is being written cannot redirect the write.
        self.tmp = part or '%s.%s.part' % (out, binascii.hexlify(os.urandom(8)).decode('ascii'))
        self.argv = list(argv)
        self.examined = examined
        self.state, self.reason = (None, 'approximate mode was asked for') if approximate else _gcstate.locate()
        self.freelists = Freelists() if self.state is not None else None
        self.real = {}
        self.active = False

    # -- start -------------------------------------------------------------
    def start(self):
        f = os.fdopen(os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), 'wb')
        self.file = gzip.GzipFile(fileobj=f, mode='wb', compresslevel=6, mtime=0) if self.out.endswith('.gz') else f
        self.raw_file = f
        self.path = array.array('q')
        self.recs = array.array('q')
        self.ev_pos = array.array('q')     # where each event sits in the path
        self.ev_ref = array.array('q')     # >= 0: a row of recs; < 0: -1 - index into self.lines
        self.lines = []
        self.base = 0                      # path items already written
        self.flushing = False
        self.ncoll = [0, 0, 0]
        self.lock = threading.Lock()   # taken without waiting, by _flush only
        self.live = [True]
        self.busy = False              # a collection is being recorded
        self.moved = 0                 # other threads' allocations during a start callback
        self.rows_base = 0             # absolute id of recs' first row
        self.lines_base = 0            # absolute id of lines[0]
        # the thread inside the program's gc.collect(), or 0: per thread, since
        # another thread's automatic collection can start while it waits
        self.manual = [0]
        self.wall0 = time.perf_counter()
        self.cpu0 = time.process_time()
        self.t0_ns = time.perf_counter_ns()
        st = self.state
        exact = st is not None
        self.K = CUSHION if exact else 0
        self._install_wrappers()
        # s[0]: the raw counter at the last sample; s[1]: the program's counter (floored at 0)
        self.s = [0, 0]
        self.t0 = [0]       # the program's threshold0
        snap = self.snap = array.array('q', bytes(8 * SNAP))
        self.end_snap = array.array('q', bytes(8 * SNAP))
        # One snapshot, taken allocation-free, and the cushion put under the
        # counter at once: the replay starts from it, and whatever is allocated
        # afterwards (the header, the hooks) is path. No automatic collection
        # in between (one there saw the counter without the cushion: a
        # negative count on 3.8).
        if exact:
            held = st.collecting.value
            st.collecting.value = 1
        gc.callbacks.append(self._on_gc)
        if exact:
            self._snapshot(snap)
            self.s[0] = snap[0] + self.K
            self.s[1] = snap[0]
            self.t0[0] = snap[3]
            self._raise_threshold(snap[3])
            st.count[0].value = st.count[0].value + self.K
            st.collecting.value = held
            stats = _stats(snap)
        else:
            c = gc.get_count()
            t = gc.get_threshold()
            for i in range(3):
                snap[i], snap[3 + i] = c[i], t[i]
            self.s[0] = self.s[1] = c[0]
            self.t0[0] = t[0]
            stats = [[s['collections'], s['collected'], s['uncollectable']] for s in gc.get_stats()]
        fl = _fl_json(snap, S_FL) if exact else {'list': None, 'dict': None, 'tuple': None}
        header = {
            'format': 'gcdiag-recording', 'version': 1,
            'python': platform.python_version(), 'implementation': platform.python_implementation(),
            'argv': self.argv, 'thresholds': [snap[3], snap[4], snap[5]], 'enabled': gc.isenabled(),
            'sampler': ('setprofile' if PRE_312 else 'monitoring') if exact else 'none',
            'exact': exact, 'reason': None if exact else self.reason,
            'start': {'count': [snap[0], snap[1], snap[2]],
                      'long_lived_total': snap[6] if exact else None,
                      'long_lived_pending': snap[7] if exact else None,
                      'freelists': fl, 'freeze_count': gc.get_freeze_count()},
            'stats': stats,
            'freelist_capacity': {'list': 80, 'dict': 80, 'tuple': 2000},
        }
        self._write(json.dumps(header, separators=(',', ':')) + '\n')
        self.active = True
        if exact:
            self._start_sampler()

    def _snapshot(self, snap):
        """counts, thresholds, long-lived, stats, freelists into snap; allocates no tracked object."""
        st = self.state
        for i in range(3):
            snap[i] = st.count[i].value
            snap[3 + i] = st.threshold[i].value
            for k in range(3):
                snap[S_STATS + 3 * i + k] = st.stats[i][k].value
        snap[6] = st.long_lived_total.value
        snap[7] = st.long_lived_pending.value
        self.freelists.read(snap, S_FL)

    def _raise_threshold(self, t0):
        # threshold0 = 0 disables automatic collection: it stays 0
        self.state.threshold[0].value = min(INT_MAX, t0 + self.K) if t0 > 0 else 0

    # -- the sampler ---------------------------------------------------------
    def _make_samplers(self):
        st = self.state
        ns = {'cnt0': st.count[0], 'collecting': st.collecting, 's': self.s, 'append': self.path.append,
              'live': self.live, 'path': self.path, 'K': self.K, 'CHUNK': CHUNK, 'flush': self._flush, 'len': len}
        body = '''
    if collecting.value:
        return
    raw = cnt0.value
    d = raw - s[0]
    if d:
        if not live[0]:
            return
        s[0] = raw
        e = s[1] + d
        if e < 0:
            cnt0.value = K
            s[0] = K
            e = 0
        s[1] = e
        append(d)
        if len(path) >= CHUNK:
            flush()
'''
        # No lock: a thread that waits for one inside a collection lets the
        # others allocate with `collecting` set, and the reset erases those
        # allocations (a lock here cut a 4-thread program from 145 to 40 gen-0
        # collections). From 3.11 the GIL passes to another thread only after
        # a CALL (or at RESUME / a backward jump), so everything before
        # append() is atomic. `live`: threads that outlive the recording
        # still call their hook. One function per arity: the hooks call them
        # without building an argument tuple.
        src = ''.join('def sample%d(%s):%s' % (n, ', '.join('a%d' % i for i in range(n)), body) for n in range(5))
        exec(src, ns)
        return [ns['sample%d' % n] for n in range(5)]

    def _start_sampler(self):
        self.samplers = s = self._make_samplers()
        self.sample_now = s[0]
        if PRE_312:
            import threading
            # Other threads are sampled from 3.11 on. Before it, the GIL can
            # pass between almost any two instructions of a sampler, and two
            # threads' samplers racing around a collection broke the round
            # trip (3.8: off by 1-3 collections in 3 of 3 runs); the other
            # threads' allocations then only make the main thread's items coarser.
            if sys.version_info >= (3, 11):
                threading.setprofile(s[3])
            sys.setprofile(s[3])
            return
        mon = sys.monitoring
        tool = next((i for i in (mon.PROFILER_ID, 4, 5, 3) if mon.get_tool(i) is None), None)
        if tool is None:
            self.sample_now = lambda: None
            self.reason = 'no free sys.monitoring tool id'
            return
        self.tool = tool
        mon.use_tool_id(tool, 'gcdiag record')
        E = mon.events
        for ev, n in ((E.PY_START, 2), (E.PY_RESUME, 2), (E.PY_RETURN, 3), (E.PY_YIELD, 3), (E.JUMP, 3),
                      (E.PY_UNWIND, 3), (E.CALL, 4), (E.C_RETURN, 4), (E.C_RAISE, 4)):
            mon.register_callback(tool, ev, s[n])
        # C_RETURN and C_RAISE come with CALL
        mon.set_events(tool, E.PY_START | E.PY_RESUME | E.PY_RETURN | E.PY_YIELD | E.JUMP | E.PY_UNWIND | E.CALL)

    def _stop_sampler(self):
        if self.state is None:
            return
        if PRE_312:
            import threading
            sys.setprofile(None)
            threading.setprofile(None)
        elif getattr(self, 'tool', None) is not None:
            mon = sys.monitoring
            mon.set_events(self.tool, 0)
            mon.free_tool_id(self.tool)
        self.sample_now()

    def sample_now(self):   # replaced by the sampler once it runs
        pass

    # -- collections ---------------------------------------------------------
    def _on_gc(self, phase, info):
        st = self.state
        if st is None:
            return self._on_gc_approx(phase, info)
        raw = st.count[0].value   # first: nothing this callback allocates is seen
        if not self.live[0]:
            return
        self.busy = True   # until this collection's record is complete
        s = self.s
        K = self.K
        recs = self.recs
        if phase == 'start':
            c0 = raw - K
            manual = 1 if self.manual[0] == get_ident() else 0
            t0 = self.t0[0]
            # ≤3.11 starts an automatic collection at the allocation that makes
            # count0 = t0 + 1 (or, when the counter was already over a threshold
            # just lowered or a collector just enabled, at the next allocation);
            # more is the info dict made for this callback
            if PRE_312 and not manual and t0 > 0:
                path = self.path
                last = path[-1] if len(path) else 0
                if last > 0 and s[1] - last <= t0 < s[1]:
                    # The last sample is past the allocation that started this
                    # collection: another thread sampled while this one waited
                    # for the lock (or C code allocated with an exception set).
                    # The item ends where the collection started; the rest was
                    # reset by it anyway.
                    over = s[1] - (t0 + 1)
                    if last > over:
                        path[-1] = last - over
                    else:
                        path.pop()
                    s[0] -= over
                    s[1] -= over
                    c0 = t0 + 1
                else:
                    first = t0 + 1 if s[1] <= t0 else s[1] + 1
                    if c0 > first:
                        c0 = first
            d = c0 + K - s[0]
            if d:
                self.path.append(d)
            s[1] = max(0, s[1] + d)
            self.ev_pos.append(self.base + len(self.path))
            self.ev_ref.append(self.rows_base + len(recs) // NREC)
            at = len(recs)
            recs.extend(_ZEROS)
            g = info['generation']
            recs[at + R_POS] = self.base + len(self.path)
            recs[at + R_GEN] = g
            recs[at + R_MANUAL] = manual
            recs[at + R_C0] = c0
            recs[at + R_C1] = st.count[1].value
            recs[at + R_C2] = st.count[2].value
            recs[at + R_TOT] = st.long_lived_total.value
            recs[at + R_PEND] = st.long_lived_pending.value
            self.freelists.read(recs, at + R_FL)
            recs[at + R_T] = time.perf_counter_ns() - self.t0_ns
            if self.examined:
                fl = self.freelists.list
                empty = fl is not None and fl.value == 0
                n = 0
                for i in range(g + 1):
                    n += len(gc.get_objects(i))
                if empty and fl.value == 1:
                    # The list get_objects made was fresh and went to the empty
                    # list freelist: the program's next list would come from it
                    # and not count. Forget it (its 56 bytes stay allocated).
                    fl.value = 0
                recs[at + R_EXAMINED] = n
            else:
                recs[at + R_EXAMINED] = -1
            recs[at + R_CPU] = time.thread_time_ns()
            # Another thread can run while this callback does (the GIL passes at
            # its calls); what it allocated would be erased by the collection's
            # reset, which never happens without the recorder (4 busy threads:
            # 100 gen-0 collections instead of 146). Given back at `stop`.
            self.moved = st.count[0].value - raw
        else:
            # the counter first: the collection reset it to 0, what is there now
            # was allocated by finalizers and callbacks (and other threads)
            raw += self.moved
            if K:
                st.count[0].value = K + raw
            cpu = time.thread_time_ns()
            s[0] = K + raw
            s[1] = raw
            at = len(recs) - NREC
            recs[at + R_CPU] = cpu - recs[at + R_CPU]
            recs[at + R_AFTER] = raw
            self.ncoll[recs[at + R_GEN]] += 1
            recs[at + R_COLLECTED] = info['collected']
            recs[at + R_UNCOLLECTABLE] = info['uncollectable']
            recs[at + R_TOT_A] = st.long_lived_total.value
            recs[at + R_PEND_A] = st.long_lived_pending.value
            self.freelists.read(recs, at + R_FL_A)
            self.busy = False
            if len(self.ev_pos) >= EVENTS_PER_FLUSH:
                self._flush()

    def _on_gc_approx(self, phase, info):
        # Without the state: gc.get_count() (one tuple, allocated after the
        # read point CPython used) and one path item per collection.
        c = self.real['get_count']()
        if not self.live[0]:
            return
        self.busy = True
        s = self.s
        recs = self.recs
        if phase == 'start':
            c0 = c[0]
            t0 = self.t0[0]
            manual = 1 if self.manual[0] == get_ident() else 0
            if PRE_312 and not manual and t0 > 0:
                first = t0 + 1 if s[1] <= t0 else s[1] + 1
                if c0 > first:
                    c0 = first
            d = c0 - s[1]
            if d:
                self.path.append(d)
            self.ev_pos.append(self.base + len(self.path))
            self.ev_ref.append(self.rows_base + len(recs) // NREC)
            at = len(recs)
            recs.extend(_ZEROS)
            g = info['generation']
            recs[at + R_GEN] = g
            recs[at + R_MANUAL] = manual
            recs[at + R_C0], recs[at + R_C1], recs[at + R_C2] = c0, c[1], c[2]
            recs[at + R_TOT] = recs[at + R_PEND] = -1
            for i in range(FL_FIELDS):
                recs[at + R_FL + i] = -1
            recs[at + R_T] = time.perf_counter_ns() - self.t0_ns
            recs[at + R_EXAMINED] = sum(len(gc.get_objects(i)) for i in range(g + 1)) if self.examined else -1
            recs[at + R_CPU] = time.thread_time_ns()
        else:
            cpu = time.thread_time_ns()
            at = len(recs) - NREC
            s[0] = s[1] = c[0]
            recs[at + R_CPU] = cpu - recs[at + R_CPU]
            recs[at + R_AFTER] = c[0]
            self.ncoll[recs[at + R_GEN]] += 1
            recs[at + R_COLLECTED] = info['collected']
            recs[at + R_UNCOLLECTABLE] = info['uncollectable']
            recs[at + R_TOT_A] = recs[at + R_PEND_A] = -1
            for i in range(FL_FIELDS):
                recs[at + R_FL_A + i] = -1
            self.busy = False

    # -- the program's own gc calls ------------------------------------------
    def _install_wrappers(self):
        from . import _gcwrap
        _gcwrap.install(self)

    def _hold(self):
        """Sample, then hold automatic collections off (CPython skips them while
        `collecting` is set) until the call and its event are in place: a
        collection that the new setting allows must come after the event."""
        self._sync()
        st = self.state
        if st is None or not self.active:
            return None
        held = st.collecting.value
        st.collecting.value = 1
        return held

    def _release(self, held):
        if held is not None:
            self.state.collecting.value = held

    def _sync(self):
        """A sample point now (the program's gc calls close the current path item)."""
        if self.active:
            self.sample_now()

    def _event(self, line):
        if not self.active:
            return
        self.lines.append(line)   # first: the event's id below must find it
        self.ev_ref.append(-1 - self.lines_base - (len(self.lines) - 1))
        self.ev_pos.append(self.base + len(self.path))

    def mark(self, name):
        held = self._hold()
        try:
            self._event(json.dumps({'op': 'mark', 'name': str(name)}, separators=(',', ':')))
        finally:
            self._release(held)

    # -- writing -------------------------------------------------------------
    def _write(self, text):
        self.file.write(text.encode('utf-8'))

    def _path_lines(self, lo, hi):
        path = self.path
        while lo < hi:
            n = min(hi, lo + CHUNK)
            self._write('{"op":"path","d":[%s]}\n' % ','.join(map(str, path[lo:n])))
            lo = n

    def _flush(self):
        """Writes the path and the events so far. Other threads' samplers and
        collections can run while it writes (the GIL is let go for I/O), and a
        write can start a collection: positions are absolute, so what arrives
        meanwhile is kept for the next flush; recorded collections are only
        dropped from memory when none is being recorded (its callbacks hold an
        offset into them). Non-blocking: a second flush waits for the next sample."""
        if self.busy or not self.lock.acquire(False):
            return
        try:
            path = self.path
            base = self.base
            n = len(path)
            n_ev = len(self.ev_pos)
            k = done = 0
            last_row = self.rows_base - 1
            last_line = self.lines_base - 1
            while k < n_ev:
                pos = self.ev_pos[k] - base
                if pos > n:
                    break
                self._path_lines(done, pos)
                done = pos
                ref = self.ev_ref[k]
                if ref >= 0:
                    self._write(self._gc_line((ref - self.rows_base) * NREC))
                    last_row = ref
                else:
                    self._write(self.lines[-1 - ref - self.lines_base] + '\n')
                    last_line = -1 - ref
                k += 1
            self._path_lines(done, n)
            del path[:n]
            self.base = base + n
            del self.ev_pos[:k]
            del self.ev_ref[:k]
            if not self.busy:
                del self.recs[:(last_row + 1 - self.rows_base) * NREC]
                self.rows_base = last_row + 1
                del self.lines[:last_line + 1 - self.lines_base]
                self.lines_base = last_line + 1
        finally:
            self.lock.release()

    def _gc_line(self, at):
        r = self.recs
        exact = self.state is not None
        ll = (lambda a, b: [r[at + a], r[at + b]] if exact else None)
        return json.dumps({
            'op': 'gc', 'gen': r[at + R_GEN], 'manual': bool(r[at + R_MANUAL]),
            'count': [r[at + R_C0], r[at + R_C1], r[at + R_C2]],
            'long_lived': ll(R_TOT, R_PEND), 'long_lived_after': ll(R_TOT_A, R_PEND_A),
            'collected': r[at + R_COLLECTED], 'uncollectable': r[at + R_UNCOLLECTABLE],
            'examined': r[at + R_EXAMINED] if r[at + R_EXAMINED] >= 0 else None,
            'freelists': _fl_json(r, at + R_FL), 'freelists_after': _fl_json(r, at + R_FL_A),
            'after': r[at + R_AFTER], 'cpu_ns': max(0, r[at + R_CPU]), 't_ns': max(0, r[at + R_T]),
        }, separators=(',', ':')) + '\n'

    # -- the end -------------------------------------------------------------
    def stop(self):
        """Undo everything the recorder changed; safe to call more than once.
        The end state is read before the callback goes, so every collection
        in the stats delta has been recorded."""
        if not self.active:
            return
        self._stop_sampler()
        self.live[0] = False
        self.active = False
        st = self.state
        if st is not None:
            self._snapshot(self.end_snap)
            self.end_snap[0] = self.s[1]
        else:
            c = self.real['get_count']()   # the last item: from the last collection to the end
            if c[0] != self.s[1]:
                self.path.append(c[0] - self.s[1])
            self.s[0] = self.s[1] = c[0]
            self.approx_end = ([[s['collections'], s['collected'], s['uncollectable']] for s in gc.get_stats()], list(c))
        try:
            gc.callbacks.remove(self._on_gc)
        except ValueError:
            pass
        for name, fn in self.real.items():
            if getattr(gc, name) is self.wrapped.get(name):
                setattr(gc, name, fn)
        if st is not None and self.K:
            st.threshold[0].value = self.t0[0]
            st.count[0].value = self.s[1]
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0

    def finish(self, exit_code):
        """Stop, write the end line and move the trace into place."""
        self.stop()
        if self.state is not None:
            stats, count = _stats(self.end_snap), [self.end_snap[0], self.end_snap[1], self.end_snap[2]]
        else:
            stats, count = self.approx_end
        self._flush()
        self._write(json.dumps({
            'op': 'end', 'stats': stats, 'count': count, 'wall_s': round(self.wall, 6), 'cpu_s': round(self.cpu, 6),
            'max_rss_kb': _max_rss_kb(), 'exit_code': exit_code,
        }, separators=(',', ':')) + '\n')
        self._close()
        os.replace(self.tmp, self.out)
        n = self.ncoll
        return '%s collections %d/%d/%d, %d counter changes%s' % (
            'exact:' if self.state is not None else 'approximate:', n[0], n[1], n[2], self.base,
            '' if exit_code == 0 else '; the program exited with code %d' % exit_code)

    def abort(self):
        """Stop and leave nothing half-written."""
        self.stop()
        try:
            self._close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass

    def _close(self):
        if self.file is not self.raw_file:
            self.file.close()
        self.raw_file.close()


_ZEROS = array.array('q', bytes(8 * NREC))
# The start/end snapshot: counts[3], thresholds[3], long-lived total and pending, stats[9], freelists.
S_STATS = 8
S_FL = S_STATS + 9
SNAP = S_FL + FL_FIELDS


def _stats(snap):
    return [[snap[S_STATS + 3 * i + k] for k in range(3)] for i in range(3)]


def _fl_json(a, at):
    tup = [a[at + 2 + i] for i in range(FL_FIELDS - 2)]
    return {'list': a[at] if a[at] >= 0 else None, 'dict': a[at + 1] if a[at + 1] >= 0 else None,
            'tuple': tup if tup and tup[0] >= 0 else None}


def _max_rss_kb():
    try:
        import resource
    except ImportError:
        return 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == 'darwin' else rss
