// Fast tier: the first seeded random traces against real CPython (python3); the
// oracle tier (test/oracle-tier/) runs 500.
import { build, randomTraceTests, FAST_SEEDS } from '../helpers/oracle.js';

randomTraceTests(build('python3'), FAST_SEEDS);
