/** The installed Pyodide's version, defined at build time by vite.config.ts. */
declare const __PYODIDE_VERSION__: string;
