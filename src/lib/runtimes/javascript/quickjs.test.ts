/**
 * The QuickJS host: the whole hostile suite (the memory bomb included) with QuickJS's verdicts,
 * in this thread, where only the engine's own interrupt and memory bound can stop a program.
 */
import { hostileJsSuite } from './hostile-suite';
import { createQuickJsSandbox } from './quickjs-node';

hostileJsSuite('quickjs', () => createQuickJsSandbox());
