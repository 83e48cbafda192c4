/** The hostile JavaScript suite (`src/lib/testing/hostile-suite.ts`) against Node's V8, a process per program. */
import { hostileJsSuite } from '../../testing/hostile-suite';
import { createNodeJsSandbox } from './node/sandbox';

hostileJsSuite('v8', () => createNodeJsSandbox());
