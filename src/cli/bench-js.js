// npm run bench:js: the cost of a program in QuickJS against V8, in the same run; see js-bench.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./js-bench');
process.exitCode = await main(process.argv.slice(2));
