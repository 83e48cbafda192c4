import { describe, expect, it } from 'vitest';
import {
  deleteCachedFiles,
  listCachedModels,
  modelOfUrl,
  type CacheLike,
  type CacheStorageLike
} from './cache';

/** Cache Storage in memory: cache name → url → body size (and whether to send content-length). */
function fakeCaches(content: Record<string, Record<string, number>>, withLength = true) {
  const open = (name: string): CacheLike => {
    const entries = (content[name] ??= {});
    return {
      keys: async () => Object.keys(entries).map((url) => ({ url })),
      match: async (url) =>
        url in entries
          ? {
              headers: {
                get: (h: string) =>
                  withLength && h === 'content-length' ? String(entries[url]) : null
              },
              blob: async () => ({ size: entries[url] })
            }
          : undefined,
      delete: async (url) => (url in entries ? (delete entries[url], true) : false)
    };
  };
  const storage: CacheStorageLike = {
    keys: async () => Object.keys(content),
    open: async (n) => open(n)
  };
  return { storage, content };
}

const HF = 'https://huggingface.co/mlc-ai';
const small = 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC';
const big = 'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC';

describe('models stored in this browser', () => {
  it('finds the model of a stored file by the folder before /resolve/', () => {
    expect(modelOfUrl(`${HF}/${small}/resolve/main/params_shard_3.bin`)).toBe(small);
    expect(modelOfUrl('https://school.example/m/My%20Model/resolve/v2/tokenizer.json')).toBe(
      'My Model'
    );
    expect(modelOfUrl('https://raw.githubusercontent.com/mlc-ai/libs/x-webgpu.wasm')).toBeNull();
  });

  it('lists each model with its bytes and files, largest first, and marks unfinished ones', async () => {
    for (const withLength of [true, false]) {
      const { storage } = fakeCaches(
        {
          'webllm/model': {
            [`${HF}/${small}/resolve/main/tensor-cache.json`]: 1_000,
            [`${HF}/${small}/resolve/main/params_shard_0.bin`]: 30_000_000,
            [`${HF}/${big}/resolve/main/params_shard_0.bin`]: 33_000_000,
            [`${HF}/${big}/resolve/main/params_shard_1.bin`]: 33_000_000
          },
          'webllm/config': { [`${HF}/${small}/resolve/main/mlc-chat-config.json`]: 2_000 },
          'other-app': { [`${HF}/${small}/resolve/main/not-ours.bin`]: 5 }
        },
        withLength
      );
      expect(await listCachedModels(storage)).toEqual([
        { id: big, bytes: 66_000_000, files: 2, hasIndex: false },
        { id: small, bytes: 30_003_000, files: 3, hasIndex: true }
      ]);
    }
  });

  it('deletes every file of one model, in every WebLLM cache, and nothing else', async () => {
    const { storage, content } = fakeCaches({
      'webllm/model': {
        [`${HF}/${small}/resolve/main/params_shard_0.bin`]: 10,
        [`${HF}/${big}/resolve/main/params_shard_0.bin`]: 10
      },
      'webllm/config': { [`${HF}/${small}/resolve/main/mlc-chat-config.json`]: 1 },
      'other-app': { [`${HF}/${small}/resolve/main/x`]: 1 }
    });
    expect(await deleteCachedFiles(storage, small)).toBe(2);
    expect(Object.keys(content['webllm/model'])).toEqual([
      `${HF}/${big}/resolve/main/params_shard_0.bin`
    ]);
    expect(content['webllm/config']).toEqual({});
    expect(Object.keys(content['other-app'])).toHaveLength(1);
    expect(await listCachedModels(storage)).toEqual([
      { id: big, bytes: 10, files: 1, hasIndex: false }
    ]);
  });
});
