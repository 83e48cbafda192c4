/**
 * Which build of llama.cpp runs the CPU model. wllama 3's one wasm needs 64-bit WebAssembly
 * memory (memory64: Chrome and Edge 133, Firefox 134); Safari and older browsers lack it, so
 * they get wllama 2.3.7's 32-bit builds (single- and multi-threaded), the last wllama release
 * without memory64. The learner may force either build in the CPU model card (the 32-bit one
 * runs anywhere, which is also how the tests run it in Chromium).
 */
import { cpuModelError, supportsMemory64 } from './cpu-model-errors';

/** The learner's choice in the CPU model card. */
export type CpuBuildChoice = 'auto' | 'wasm64' | 'wasm32';
/** A build that runs. */
export type CpuBuild = 'wasm64' | 'wasm32';

export const CPU_BUILD_CHOICES: readonly { value: CpuBuildChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'wasm64', label: '64-bit (faster)' },
  { value: 'wasm32', label: '32-bit (older browsers)' }
];

/** How the panel names a build that runs. */
export const CPU_BUILD_NAMES: Record<CpuBuild, string> = {
  wasm64: 'llama.cpp’s 64-bit WebAssembly build (wllama 3)',
  wasm32: 'llama.cpp’s 32-bit WebAssembly build for older browsers (wllama 2)'
};

/**
 * The build to load for `choice` (`wasm` is the global WebAssembly); a forced 64-bit build in
 * a browser without memory64 is a CpuModelError ('browser') that says what to choose instead.
 */
export function chooseCpuBuild(
  choice: CpuBuildChoice,
  wasm: Pick<typeof WebAssembly, 'validate'>
): CpuBuild {
  if (choice === 'wasm32') return 'wasm32';
  const wide = supportsMemory64(wasm);
  if (choice === 'wasm64' && !wide) throw cpuModelError('browser');
  return wide ? 'wasm64' : 'wasm32';
}
