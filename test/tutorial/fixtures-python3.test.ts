// Fixtures on python3: the tutorial's examples print what was recorded, their traces
// replay to the same output, and every fixture trace agrees with CPython (one test each).
import { fixtureTests } from '../helpers/tutorial.js';

fixtureTests('python3');
