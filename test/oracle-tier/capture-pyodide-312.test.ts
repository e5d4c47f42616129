// Oracle tier: gcdiag_capture in Pyodide 3.12 (see capture-pyodide-suite.ts; the fast tier runs 3.14).
import { pyodideSuite } from '../capture-pyodide-suite.js';

pyodideSuite('3.12');
