// Oracle tier: fixtures on pyodide-3.11 (the fast tier runs python3 and pyodide-3.14): the tutorial's examples print what was recorded, their traces
// replay to the same output, and every fixture trace agrees with CPython (one test each).
import { fixtureTests } from '../helpers/tutorial.js';

fixtureTests('pyodide-3.11');
