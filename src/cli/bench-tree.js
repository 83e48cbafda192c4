// npm run bench:tree: the tree view's reducer and layout per step, 300+ nodes vs 30; see tree/bench.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./tree/bench');
process.exitCode = await main(process.argv.slice(2));
