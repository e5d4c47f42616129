"""pytest plugin: fail the tests that leak, the way CPython's regrtest -R finds leaks.

    pytest --gcdiag-leaks [--gcdiag-dir DIR] [--gcdiag-runs N] [--gcdiag-warmup N]
    @pytest.mark.gcdiag_leaks(runs=3, warmup=3)   # selects a test, or tunes it

Registered by the `pytest11` entry point of the wheel, or with
`-p gcdiag_capture.pytest_plugin`. A checked test runs warm-up + measured
times (setup, call, teardown each time: fresh function-scoped fixtures, the
wider-scoped ones kept). After each run: interpreter caches cleared
(_caches.py), a full collection, a per-type count-and-bytes snapshot
(_typestats.py) written to DIR/<test>/run-NN.json. A type that grew in every
measured run is a leak (_leakrule.py): the test fails with the types, their
growth per run and one retainer path, and DIR/<test>/full.json is captured.

What pytest reports is the last run's setup, call and teardown, as one
ordinary run of the test would give them: the repetitions before it are
silent (their reports, captured output and warnings are dropped). A test that
fails, errors, skips or xfails in any run stops there and is reported as
such, never as leaking. See docs/pytest-plugin.md.
"""
import hashlib
import os
import warnings

import pytest
from _pytest.runner import CallInfo, runtestprotocol

from ._series import Series, describe, sanitise

DEFAULT_DIR = os.path.join('.gcdiag', 'leaks')
DEFAULT_RUNS = 3      # regrtest's -R 3:3
DEFAULT_WARMUP = 3
MARKER = 'gcdiag_leaks'


def pytest_addoption(parser):
    group = parser.getgroup('gcdiag', 'gcdiag leak checks')
    group.addoption('--gcdiag-leaks', action='store_true', default=False,
                    help='check every test for leaks: run it warm-up + measured times and fail it when '
                         'some type grows in every measured run')
    group.addoption('--gcdiag-dir', default=None, metavar='DIR',
                    help='where the per-run typestats go: DIR/<test>/run-NN.json (default %s; write --gcdiag-dir=DIR, '
                         'else pytest may take DIR for a test path when it picks its rootdir)' % DEFAULT_DIR)
    group.addoption('--gcdiag-runs', type=int, default=None, metavar='N',
                    help='measured runs per test (default %d)' % DEFAULT_RUNS)
    group.addoption('--gcdiag-warmup', type=int, default=None, metavar='N',
                    help='warm-up runs before them (default %d)' % DEFAULT_WARMUP)


def pytest_configure(config):
    config.addinivalue_line('markers', '%s(runs=%d, warmup=%d): check this test for leaks (runs it warmup + runs '
                                       'times; see gcdiag docs/pytest-plugin.md)' % (MARKER, DEFAULT_RUNS,
                                                                                    DEFAULT_WARMUP))
    runs = _positive(config.getoption('gcdiag_runs'), '--gcdiag-runs', DEFAULT_RUNS)
    warmup = _positive(config.getoption('gcdiag_warmup'), '--gcdiag-warmup', DEFAULT_WARMUP)
    folder = os.path.abspath(config.getoption('gcdiag_dir') or DEFAULT_DIR)
    config.pluginmanager.register(LeakChecker(config, runs, warmup, folder), 'gcdiag-leak-checker')


def _positive(value, what, default):
    if value is None:
        return default
    if type(value) is not int or value < 1:
        raise pytest.UsageError('%s must be a whole number >= 1, not %r' % (what, value))
    return value


class _SessionEnd(object):
    """nextitem for the last run of the session's last test, instead of None: tears everything down
    as None does (its chain matches no node), but is a tracked object in the hook's arguments like
    the parent node the repetitions get, and its chain a list built as Node.listchain builds it: so
    the last run is counted like the others (None leaves a few argument dicts untracked). One
    instance for the session, so that it is there in every count."""
    length = 0

    def listchain(self):
        chain = []
        for _ in range(self.length):
            chain.append(_SessionEnd)
        return chain


class LeakChecker(object):
    def __init__(self, config, runs, warmup, folder):
        self.config = config
        self.runs = runs
        self.warmup = warmup
        self.folder = folder
        self.checked = []      # (nodeid, verdict, series) for the summary
        self.names = {}        # directory name -> nodeid: two ids that sanitise alike get a suffix
        self._count = None     # (item, function) counting the run under way
        self._end = _SessionEnd()
        self._logged = False   # a report was logged for the test while it ran (subtests)

    def pytest_collection_modifyitems(self, items):
        for item in items:
            m = item.get_closest_marker(MARKER)
            if m is not None:
                self._settings(m, item.nodeid)

    def _settings(self, marker, nodeid):
        if marker.args:
            raise pytest.UsageError('%s: @pytest.mark.%s takes keywords only (runs=, warmup=)' % (nodeid, MARKER))
        unknown = set(marker.kwargs) - {'runs', 'warmup'}
        if unknown:
            raise pytest.UsageError('%s: @pytest.mark.%s: unknown keyword %s (runs=, warmup=)' % (
                nodeid, MARKER, ', '.join(sorted(unknown))))
        runs = _positive(marker.kwargs.get('runs'), '%s: %s(runs=...)' % (nodeid, MARKER), self.runs)
        warmup = _positive(marker.kwargs.get('warmup'), '%s: %s(warmup=...)' % (nodeid, MARKER), self.warmup)
        return runs, warmup

    def _dirname(self, nodeid):
        """DIR/<sanitised id>; an id that sanitises like an earlier one gets a hash of itself added."""
        name = sanitise(nodeid)
        if self.names.setdefault(name, nodeid) != nodeid:
            name = '%s-%s' % (name[:140], hashlib.sha1(nodeid.encode('utf-8')).hexdigest()[:8])
            self.names[name] = nodeid
        return os.path.join(self.folder, name)

    def _selected(self, item):
        opt = item.config.option
        if getattr(opt, 'setuponly', False) or getattr(opt, 'setupplan', False):
            return None
        m = item.get_closest_marker(MARKER)
        if m is None and not self.config.getoption('gcdiag_leaks'):
            return None
        return self._settings(m, item.nodeid) if m is not None else (self.runs, self.warmup)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        settings = self._selected(item)
        if settings is None:
            return None
        runs, warmup = settings
        series = Series(item.nodeid, self._dirname(item.nodeid), warmup, runs)
        ihook = item.ihook
        ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        reports = self._repeat(item, nextitem, series)
        verdict = 'pass'
        if series.done == series.total and series.leaks:
            verdict = 'leak'
            call = [r for r in reports if r.when == 'call']
            if call and call[0].passed:
                call[0].outcome = 'failed'
                call[0].longrepr = describe(series)
        elif series.note:
            verdict = series.note
        elif series.done < series.total:
            verdict = 'stopped at run %d of %d' % (series.done + 1, series.total)
        series.write()
        self.checked.append((item.nodeid, verdict, series))
        for rep in reports:
            ihook.pytest_runtest_logreport(report=rep)
        ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    def _repeat(self, item, nextitem, series):
        """Run the test series.total times; the reports of the last run, or of the first that did not pass.

        The repetitions' teardowns end at the test's own (function-scoped) fixtures, nextitem being
        its parent; the last run's is the one the real nextitem asks for. Every run is counted at
        the same point, after the test's own fixtures are torn down and before any wider ones
        (pytest_runtest_setup below), so that all runs are counted alike.
        """
        props = list(getattr(item, 'user_properties', []))
        globs = _doctest_globs(item)
        parent = item.listchain()[-2]
        self._end.length = len(parent.listchain())
        baseline = []
        first_setup = []
        first, first_caught = None, []
        for run in range(1, series.total + 1):
            last = run == series.total
            item._report_sections = []
            if hasattr(item, 'user_properties'):
                item.user_properties = list(props)
            if globs is not None:
                item.dtest.globs.update(globs)
            counted = []

            def count(run=run):
                if not counted:
                    counted.append(run)
                    if run == 1:
                        baseline[:] = _finalizer_lengths(item)
                    else:
                        _trim_pytest_finalizers(baseline)
                    series.after_run(run)
            self._count = (item, count)
            self._logged = False
            try:
                # Every run alike, under catch_warnings: the last run's warnings go on to pytest.
                with warnings.catch_warnings(record=True) as caught:
                    reports = runtestprotocol(item, log=False, nextitem=(
                        (nextitem if nextitem is not None else self._end) if last else parent))
                if (last or (run == 1 and not _passed(reports))) and not self._logged:
                    for w in caught:
                        warnings._showwarnmsg(w)
            finally:
                self._count = None
            if self._logged:
                # the test logs reports while it runs (subtests): repeating it would report them again
                series.done, series.note = run - 1, 'reports subtests as it runs: run once, not checked'
                for w in ([] if last else caught):
                    warnings._showwarnmsg(w)
                return reports if last else self._teardown_rest(item, nextitem, reports)[0]
            if not _passed(reports):
                series.done = run - 1
                shown = reports if run == 1 else first
                reports, rest_error = (reports, None) if last else self._teardown_rest(item, nextitem, reports, shown)
                if run == 1:
                    return reports
                # It passed once and fails when run again: report the first run, as without the plugin.
                series.note = 'passed in run 1, did not pass when run again (run %d): not checked' % run
                for w in first_caught:
                    warnings._showwarnmsg(w)
                return [r for r in first if r.when != 'teardown' or rest_error is None] + (
                    [rest_error] if rest_error is not None else [])
            count()   # when the finalizer did not run (a pytest whose SetupState differs)
            if run == 1:
                first_setup = list(reports[0].sections)
                first, first_caught = reports, caught
            if last:
                series.verdict()
                _first_setup_output(reports, first_setup)
                return reports
            del reports
        raise AssertionError('not reached: the last run returns')

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_setup(self, item):
        """Put the count first in the test's finalizer list: it runs after all of the test's own."""
        pending = self._count
        if pending is None or pending[0] is not item:
            return
        entry = getattr(getattr(item.session, '_setupstate', None), 'stack', {}).get(item)
        if entry is not None and isinstance(entry[0], list):
            entry[0].insert(0, pending[1])

    def _teardown_rest(self, item, nextitem, reports, shown=None):
        """After a repetition that did not pass: tear down what the real nextitem needs gone, its output
        captured into the teardown report, and an error there reported as the teardown's."""
        capman = item.config.pluginmanager.getplugin('capturemanager')
        before = len(item._report_sections)

        def rest():
            if capman is not None and hasattr(capman, 'item_capture'):
                with capman.item_capture('teardown', item):
                    item.session._setupstate.teardown_exact(nextitem)
            else:
                item.session._setupstate.teardown_exact(nextitem)
        call = CallInfo.from_call(rest, when='teardown')
        if call.excinfo is not None:
            extra = item.ihook.pytest_runtest_makereport(item=item, call=call)
            return [r for r in reports if r.when != 'teardown'] + [extra], extra
        teardown = [r for r in (shown or reports) if r.when == 'teardown']
        if teardown:
            for when, key, content in item._report_sections[before:]:
                if content:
                    _add_section(teardown[0], 'Captured %s %s' % (key, when), content)
        return reports, None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report):
        pending = self._count
        if pending is not None and report.nodeid == pending[0].nodeid:
            self._logged = True

    def pytest_terminal_summary(self, terminalreporter):
        if not self.checked:
            return
        tr = terminalreporter
        leaking = [c for c in self.checked if c[1] == 'leak']
        tr.write_sep('-', 'gcdiag leak check')
        tr.write_line('%d test%s checked, %d leaking; typestats in %s' % (
            len(self.checked), '' if len(self.checked) == 1 else 's', len(leaking), self.folder))
        for nodeid, verdict, series in self.checked:
            if verdict == 'leak':
                names = ', '.join(g.name for g in series.leaks[:3])
                tr.write_line('LEAK %s: %s' % (nodeid, names))
            elif series.note:
                tr.write_line('not checked %s: %s' % (nodeid, verdict))
            elif verdict != 'pass':
                tr.write_line('not checked %s: %s (it did not pass)' % (nodeid, verdict))
            else:
                cyc = series.cycles()
                if cyc:
                    tr.write_line('ok %s: creates cyclic garbage every run (%s objects freed by gc.collect; '
                                  'not a leak)' % (nodeid, ', '.join(str(c) for c in cyc)))


def _finalizer_lists(item):
    """The finalizer lists of the nodes above the test (module, class, session) and of the wider-scoped
    fixtures it uses: where pytest itself appends an entry per test run (pytest 7 re-registers
    `lambda: fixturedef.finish(...)` on a module fixture's node each time it is requested)."""
    lists = []
    stack = getattr(getattr(item.session, '_setupstate', None), 'stack', None)
    if isinstance(stack, dict):
        for node, entry in stack.items():
            if node is not item and isinstance(entry[0], list):
                lists.append(entry[0])
    info = getattr(item, '_fixtureinfo', None)
    for defs in getattr(info, 'name2fixturedefs', {}).values():
        for fd in defs:
            fins = getattr(fd, '_finalizers', None)
            if isinstance(fins, list) and str(getattr(fd, 'scope', 'function')) not in ('function', 'Scope.Function'):
                lists.append(fins)
    return lists


def _finalizer_lengths(item):
    return [(fins, len(fins)) for fins in _finalizer_lists(item)]


def _trim_pytest_finalizers(baseline):
    """Drop the entries pytest's own fixture code added to those lists in a repetition: calls of
    FixtureDef.finish for a function-scoped fixture already finished (idempotent), which one
    ordinary run adds once (kept: the first run's) and would otherwise count as the test's leak.
    Entries the program added stay, and are counted."""
    for fins, n in baseline:
        extra = fins[n:]
        if extra:
            fins[n:] = [f for f in extra if not _pytest_own(f)]


def _pytest_own(f):
    mod = getattr(getattr(f, 'func', f), '__module__', None)
    return isinstance(mod, str) and (mod == '_pytest' or mod.startswith('_pytest.'))


def _passed(reports):
    """Every phase passed, and the test is not an xfail/xpass (those are reported as they are)."""
    return len(reports) == 3 and all(r.passed and not hasattr(r, 'wasxfail') for r in reports)


def _first_setup_output(reports, first_setup):
    """The setup output of the first run in every report (not the last run's): wider-scoped fixtures
    were set up, and printed, in the first run only, as in an ordinary run of the test."""
    for rep in reports:
        rest = [sec for sec in rep.sections if not sec[0].endswith(' setup')]
        rep.sections[:] = first_setup + rest


def _add_section(report, title, content):
    for i, (t, c) in enumerate(report.sections):
        if t == title:
            report.sections[i] = (t, c + content)
            return
    report.sections.append((title, content))


def _doctest_globs(item):
    """pytest clears a doctest's globals after it runs (clear_globs): keep a copy to run it again."""
    dtest = getattr(item, 'dtest', None)
    g = getattr(dtest, 'globs', None)
    return dict(g) if isinstance(g, dict) else None
