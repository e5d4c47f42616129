"""python -m gcdiag_capture.calibrate (see _calibrate.py)."""
from gcdiag_capture._calibrate import main

if __name__ == '__main__':
    main()
