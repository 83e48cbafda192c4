/**
 * The QuickJS host, in this thread, where only the engine's own interrupt and memory bound can
 * stop a program: the sandbox's contract and the whole hostile suite (the memory bomb included)
 * with QuickJS's verdicts.
 */
import { hostileJsSuite } from './hostile-suite';
import { createQuickJsSandbox } from './quickjs-node';
import { jsSandboxContract } from './sandbox-contract';

jsSandboxContract('quickjs', () => createQuickJsSandbox());
hostileJsSuite('quickjs', () => createQuickJsSandbox());
