/** @celery-cloud/testkit: harness shared by integration tests (private). */
export { DEBIAN_PYTHON, hasPythonCelery, runPython } from './python.js';
export type { PythonRun } from './python.js';
