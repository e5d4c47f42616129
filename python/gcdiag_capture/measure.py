"""python -m gcdiag_capture.measure --config JSON [--out FILE] -- script.py args... (see _measure.py)."""
from gcdiag_capture._measure import main

if __name__ == '__main__':
    main()
