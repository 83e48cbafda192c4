/** The JavaScript sandbox's contract (`sandbox-contract.ts`) in Node's V8 worker threads. */
import { createNodeJsSandbox } from './node-sandbox';
import { jsSandboxContract } from './sandbox-contract';

jsSandboxContract('v8', () => createNodeJsSandbox());
