/** The JavaScript sandbox's contract (`src/lib/testing/sandbox-contract.ts`) in Node's V8, a process per program. */
import { createNodeJsSandbox } from './sandbox';
import { jsSandboxContract } from '../../../testing/sandbox-contract';

jsSandboxContract('v8', () => createNodeJsSandbox());
