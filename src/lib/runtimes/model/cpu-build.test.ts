import { describe, expect, it } from 'vitest';
import { chooseCpuBuild } from './cpu-build';
import { CpuModelError } from './cpu-model-errors';

/** A WebAssembly whose `validate` answers as an engine with or without memory64 would. */
const engine = (memory64: boolean) => ({ validate: () => memory64 });

describe('chooseCpuBuild', () => {
  it('runs the 64-bit build where memory64 validates, the 32-bit one elsewhere', () => {
    expect(chooseCpuBuild('auto', engine(true))).toBe('wasm64');
    expect(chooseCpuBuild('auto', engine(false))).toBe('wasm32');
  });

  it('runs the 32-bit build when the learner forces it, even where 64-bit would run', () => {
    expect(chooseCpuBuild('wasm32', engine(true))).toBe('wasm32');
    expect(chooseCpuBuild('wasm32', engine(false))).toBe('wasm32');
  });

  it('refuses a forced 64-bit build without memory64, naming what to choose instead', () => {
    expect(chooseCpuBuild('wasm64', engine(true))).toBe('wasm64');
    let error: unknown;
    try {
      chooseCpuBuild('wasm64', engine(false));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CpuModelError);
    expect((error as CpuModelError).problem).toBe('browser');
    expect((error as Error).message).toMatch(/automatic or 32-bit/);
  });
});
