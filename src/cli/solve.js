// npm run solve -- --technique ID --problems FILE.jsonl[.gz] --endpoint URL --model NAME --out DIR
// Runs a technique headless through an OpenAI-compatible endpoint; see solve/main.ts.
//
// A JavaScript launcher for the same reason as grade.js: tsx is registered in the main thread
// only, so the Pyodide worker threads stay plain Node (Pyodide finds its files from a stack
// trace that tsx's source maps would point elsewhere).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./solve/main');
process.exitCode = await main(process.argv.slice(2));
