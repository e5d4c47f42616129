"""python -m gcdiag_capture [options] script.py args... (see _runner.py)."""
from gcdiag_capture._runner import main

main()
