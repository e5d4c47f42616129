"""Start the runner as `python .../gcdiag_capture/_boot.py [options] target...`.

`gcdiag capture` starts Python this way rather than with `-m gcdiag_capture`:
`-m` and `-c` put the working folder first on sys.path before anything runs, so
a `gcdiag_capture.py` or a `json.py` there would be imported in place of the
package or the standard library. A script's own folder comes first instead:
this one, which is replaced by its parent (the folder that holds the package)
before anything is imported. The runner then gives the program the sys.path[0]
that `python script.py` or `python -m module` would have given it.
Its frames and namespace are the package's own, left out of every snapshot.
"""
import sys

if sys.version_info < (3, 8):  # pragma: no cover - a one-line refusal, not a traceback
    sys.stderr.write('gcdiag: capture needs CPython 3.8 or newer; %s is %s\n'
                     % (sys.executable, sys.version.split()[0]))
    sys.exit(2)

# sys.path[0] is this package's folder, which holds no os.py.
import os  # noqa: E402

sys.path[0] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

from gcdiag_capture._runner import main  # noqa: E402

main(sys.argv[1:])
