// Fast tier: the first seeded random traces against native CPython 3.7-3.10, 3.12 and
// 3.13 where installed (missing ones are skipped, not passed); the oracle tier
// (test/oracle-tier/) runs 200 on each.
import { nativeBuilds, randomTraceTests, FAST_SEEDS } from '../helpers/oracle.js';

for (const b of nativeBuilds()) randomTraceTests(b, FAST_SEEDS);
