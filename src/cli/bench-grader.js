// npm run bench:grader: our grader vs native python3 on the fixtures; see grader/bench.ts.
// A JavaScript launcher for the reason given in grade.js (tsx in the main thread only).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./grader/bench');
process.exitCode = await main(process.argv.slice(2));
