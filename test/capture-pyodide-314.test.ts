// gcdiag_capture in Pyodide 3.14 (see capture-pyodide-suite.ts).
import { pyodideSuite } from './capture-pyodide-suite.js';

pyodideSuite('3.14');
