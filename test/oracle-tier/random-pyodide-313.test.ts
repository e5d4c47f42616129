// Oracle tier: the model against real CPython (pyodide-3.13) on `SEEDS` (500) seeded random
// traces in chunks of 50: collect() results, get_stats(), get_count(), finalizer and
// callback order, gc.garbage. The fast tier runs the first few in test/oracle/.
import { build, randomTraceTests, requireFullRunInCi, SEEDS, REQUIRED_SEEDS } from '../helpers/oracle.js';

requireFullRunInCi(SEEDS, REQUIRED_SEEDS);
randomTraceTests(build('pyodide-3.13'), SEEDS);
