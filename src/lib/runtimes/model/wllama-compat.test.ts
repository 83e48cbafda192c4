import { describe, expect, it } from 'vitest';
import type { Wllama } from 'wllama-wasm32/esm/index.js';
import { CompatCpuModel, cutAtStop, stopPrefixLength } from './wllama-compat';
import { ErrorLog } from './cpu-load';

/**
 * A stand-in for wllama 2's client that streams `pieces` as its completion loop does (text so
 * far after each token, stopping at nPredict or when told) and notes each load's seed. The
 * real library runs in e2e/wllama.spec.ts; this checks what the adapter adds around it.
 */
function fakeWllama(pieces: string[], loads: (number | undefined)[], seed?: number) {
  loads.push(seed);
  return {
    getNumThreads: () => 1,
    exit: async () => {},
    formatChat: async (messages: { content: string }[]) => messages.map((m) => m.content).join('|'),
    tokenize: async (text: string) => [...text].map((_, i) => i),
    async createCompletion(
      _prompt: string,
      options: {
        nPredict: number;
        onNewToken: (
          t: number,
          p: Uint8Array,
          text: string,
          o: { abortSignal: () => void }
        ) => void;
      }
    ) {
      let text = '';
      let stop = false;
      for (let i = 0; i < Math.min(options.nPredict, pieces.length) && !stop; i++) {
        text += pieces[i];
        options.onNewToken(i, new Uint8Array(), text, { abortSignal: () => (stop = true) });
      }
      return text;
    }
  } as unknown as Wllama;
}

const request = { messages: [{ role: 'user' as const, content: 'hi' }], temperature: 0 };

describe('the 32-bit CPU model', () => {
  it('cuts a reply at the first stop string', () => {
    expect(cutAtStop('abc```rest', ['```'])).toBe('abc');
    expect(cutAtStop('a<end>b```', ['```', '<end>'])).toBe('a');
    expect(cutAtStop('abc', ['x'])).toBeNull();
    expect(cutAtStop('abc', undefined)).toBeNull();
    expect(stopPrefixLength('ab``', ['```'])).toBe(2);
    expect(stopPrefixLength('ab`', ['```', '`x'])).toBe(1);
    expect(stopPrefixLength('ab', ['```'])).toBe(0);
  });

  it('streams pieces, stops at a stop string, and counts tokens', async () => {
    const loads: (number | undefined)[] = [];
    const open = async (seed: number | undefined) =>
      fakeWllama(['a', 'b', '``', '`c'], loads, seed);
    const model = new CompatCpuModel('m', await open(undefined), undefined, new ErrorLog(), open);
    const streamed: string[] = [];
    const reply = await model.complete(
      { ...request, maxTokens: 64, stop: ['```'] },
      { onToken: (t) => streamed.push(t) }
    );
    expect(reply).toMatchObject({ text: 'ab', finishReason: 'stop' });
    expect(streamed.join('')).toBe('ab');
    expect(reply.usage).toEqual({ promptTokens: 2, completionTokens: 4, estimated: false });
  });

  it('says a reply that reached the limit was cut by length', async () => {
    const open = async (seed: number | undefined) => fakeWllama(['a', 'b', 'c'], [], seed);
    const model = new CompatCpuModel('m', await open(undefined), undefined, new ErrorLog(), open);
    const reply = await model.complete({ ...request, maxTokens: 2 });
    expect(reply).toMatchObject({ text: 'ab', finishReason: 'length' });
  });

  it('reloads with a call’s own seed, and not again for the same seed', async () => {
    const loads: (number | undefined)[] = [];
    const open = async (seed: number | undefined) => fakeWllama(['a'], loads, seed);
    const model = new CompatCpuModel('m', await open(5), 5, new ErrorLog(), open);
    await model.complete({ ...request, maxTokens: 64 });
    await model.complete({ ...request, maxTokens: 64, seed: 9 });
    await model.complete({ ...request, maxTokens: 64, seed: 9 });
    await model.complete({ ...request, maxTokens: 64 });
    expect(loads).toEqual([5, 9, 5]);
  });
});
