/**
 * The QuickJS sandbox's limits, in a module of their own so the page can name them (the status
 * line) without loading the engine's host.
 */

/**
 * The most memory a program's engine may have, in MB: the WebAssembly memory's maximum, so it
 * bounds everything (QuickJS's heap, its stack, the harness). Lesson and benchmark programs use
 * a few MB; 128 MB leaves them room while two or three programs at once stay far below what a
 * tab can hold, and a memory bomb hits it in about a second instead of growing for many.
 */
export const QUICKJS_MEMORY_MB = 128;

/**
 * QuickJS's stack limit, in bytes: about 680 frames of a simple recursive function. Each QuickJS
 * call is also a WebAssembly frame on the host engine's own stack, which is the smaller one: in
 * Node 1 MB of QuickJS stack overflowed the host's first, and in a Chromium worker 256 KB did.
 * When the host's stack still runs out first, the run ends with the same verdict (see
 * `hostStackOverflow`), without the line.
 */
export const QUICKJS_STACK_BYTES = 128 * 1024;

/**
 * How long past the time limit the client waits for the engine to stop a program and report
 * it (the interrupt handler runs every few thousand instructions) before terminating it.
 */
export const QUICKJS_GRACE_MS = 1_000;
