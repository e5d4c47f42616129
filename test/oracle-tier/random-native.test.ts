// Oracle tier: the 3.7-3.10 profiles against real CPython 3.7 to 3.10, and 3.12/3.13
// against native builds (beside Pyodide's WebAssembly ones), 200 random traces each in
// chunks of 50, where installed (see nativeBuilds: missing ones are skipped, not passed).
// Half the traces use a legacy tp_del class when the build has _testcapi;
// 3.7/3.8 traces do not observe gc.is_finalized() (new in 3.9).
import { nativeBuilds, randomTraceTests, requireFullRunInCi, OLDER_SEEDS } from '../helpers/oracle.js';

requireFullRunInCi(OLDER_SEEDS, 200);
for (const b of nativeBuilds()) randomTraceTests(b, OLDER_SEEDS);
