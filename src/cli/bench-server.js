// npm run bench:server: short links per second on PGlite and PostgreSQL, from `node build`;
// see server-bench.ts (needs `npm run build` first).
import { register } from 'tsx/esm/api';

register();
await import('./server-bench');
