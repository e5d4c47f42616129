// Fast tier: the first seeded random traces against real CPython (pyodide-3.13); the
// oracle tier (test/oracle-tier/) runs 500. One file per build: two Pyodide builds
// cannot share a process.
import { build, randomTraceTests, FAST_SEEDS } from '../helpers/oracle.js';

randomTraceTests(build('pyodide-3.13'), FAST_SEEDS);
