// npm run solve -- --technique ID --problems FILE.jsonl[.gz] --endpoint URL --model NAME --out DIR
// Runs a technique headless through an OpenAI-compatible endpoint; see solve/main.ts.
// (A JavaScript launcher, like grade.js: see commands.js for why.)
import './caller-cwd.js';
import { runCommand } from './commands.js';

await runCommand('solve', process.argv.slice(2));
