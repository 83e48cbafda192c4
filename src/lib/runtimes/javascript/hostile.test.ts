/** The hostile JavaScript suite (`hostile-suite.ts`) against Node's V8 worker threads. */
import { hostileJsSuite } from './hostile-suite';
import { createNodeJsSandbox } from './node-sandbox';

hostileJsSuite('v8', () => createNodeJsSandbox());
