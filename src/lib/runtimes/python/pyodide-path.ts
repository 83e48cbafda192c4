/**
 * Where this build serves Pyodide's files: `/pyodide/<version>/`, the version of the installed
 * package (vite.config.ts copies it there and defines `__PYODIDE_VERSION__`). A new version is a
 * new address, so the server may tell browsers to keep the files for a year.
 */
export const PYODIDE_BASE = `/pyodide/${__PYODIDE_VERSION__}/`;
