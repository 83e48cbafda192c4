/**
 * Where this build serves Pyodide's files: `/pyodide/<version>/`, the version of the installed
 * package (vite.config.ts copies the files there). A new version is a new address, so the server
 * may tell browsers to keep the files for a year.
 */
import pyodidePackage from 'pyodide/package.json';

export const PYODIDE_BASE = `/pyodide/${pyodidePackage.version}/`;
