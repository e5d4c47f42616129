"""The program's own gc calls while it is recorded: gc.collect, set_threshold,
get_threshold, get_count, freeze, unfreeze, enable and disable are replaced so
that the program sees its own values (not the recorder's cushion) and its
calls become events at their place in the path (_record.Recorder)."""
import gc
from _thread import get_ident


def install(rec):
    real = rec.real
    for name in ('collect', 'set_threshold', 'get_threshold', 'get_count', 'freeze', 'unfreeze', 'enable', 'disable'):
        real[name] = getattr(gc, name)

    def collect(generation=2):
        rec._sync()
        rec.manual[0] = get_ident()
        try:
            return real['collect'](generation)
        finally:
            rec.manual[0] = 0

    def set_threshold(*args):
        held = rec._hold()
        try:
            st = rec.state
            if st is not None and rec.K:
                st.threshold[0].value = rec.t0[0]   # the program's value while CPython checks the arguments
            try:
                real['set_threshold'](*args)
            finally:
                if st is not None:
                    rec.t0[0] = st.threshold[0].value
                    if rec.K:
                        rec._raise_threshold(rec.t0[0])
            if st is not None:
                t = [rec.t0[0], st.threshold[1].value, st.threshold[2].value]
            else:
                t = list(real['get_threshold']())
                rec.t0[0] = t[0]
            rec._event('{"op":"set_threshold","thresholds":[%d,%d,%d]}' % tuple(t))
        finally:
            rec._release(held)

    def get_threshold():
        t = real['get_threshold']()
        return (rec.t0[0], t[1], t[2]) if rec.state is not None else t

    def get_count():
        if rec.state is None:
            return real['get_count']()
        rec._sync()
        c = rec.state.counts()
        return (rec.s[1], c[1], c[2])

    def freeze():
        held = rec._hold()
        try:
            real['freeze']()
            st = rec.state
            if st is not None:
                raw = st.count[0].value   # freeze sets the counts to 0 (3.8-3.13)
                if rec.K and raw < rec.K // 2:
                    st.count[0].value = rec.K + raw
                rec.s[0] = st.count[0].value
                rec.s[1] = rec.s[0] - rec.K
            rec._event('{"op":"freeze"}')
        finally:
            rec._release(held)

    def simple(name):
        def call():
            held = rec._hold()
            try:
                real[name]()
                rec._event('{"op":"%s"}' % name)
            finally:
                rec._release(held)
        return call

    wrapped = {'collect': collect, 'set_threshold': set_threshold, 'get_threshold': get_threshold,
               'get_count': get_count, 'freeze': freeze}
    for name in ('unfreeze', 'enable', 'disable'):
        wrapped[name] = simple(name)
    for name, fn in wrapped.items():
        fn.__name__ = name
        fn.__doc__ = real[name].__doc__
        setattr(gc, name, fn)
    rec.wrapped = wrapped
