import { describe, expect, it } from 'vitest';
import { selfHostedModelRecord } from './self-hosted';

const lib = 'https://models.school.example/libs/Qwen2-0.5B-Instruct-q4f32_1-ctx4k_cs1k-webgpu.wasm';

describe('selfHostedModelRecord', () => {
  it('builds WebLLM’s ModelRecord for a …/resolve/main/ folder', () => {
    const result = selfHostedModelRecord({
      baseUrl: 'https://models.school.example/qwen-coder-0.5b/resolve/main',
      modelId: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
      libUrl: lib,
      vramRequiredMB: 1060.2,
      contextWindowSize: 4096
    });
    expect(result).toEqual({
      ok: true,
      record: {
        model: 'https://models.school.example/qwen-coder-0.5b/resolve/main/',
        model_id: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
        model_lib: lib,
        vram_required_MB: 1060.2,
        overrides: { context_window_size: 4096 }
      }
    });
  });

  it('declares shader-f16 for f16 weights, and accepts localhost over http', () => {
    const result = selfHostedModelRecord({
      baseUrl: 'http://localhost:8000/m/resolve/main/',
      modelId: 'Qwen2.5-Coder-0.5B-Instruct-q4f16_1-MLC',
      libUrl: 'http://localhost:8000/lib.wasm'
    });
    expect(result.ok && result.record.required_features).toEqual(['shader-f16']);
    expect(result.ok && result.record.model).toBe('http://localhost:8000/m/resolve/main/');
  });

  it('explains a folder without /resolve/main/, suggesting the address to use', () => {
    const result = selfHostedModelRecord({
      baseUrl: 'https://models.school.example/qwen',
      modelId: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC',
      libUrl: lib
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      expect.stringContaining(
        'https://models.school.example/qwen/resolve/main/ and use that address'
      )
    ]);
  });

  it('explains relative addresses, a file instead of a folder, a lib that is not .wasm, a bad id', () => {
    const relative = selfHostedModelRecord({
      baseUrl: '/models/qwen/resolve/main/',
      modelId: 'x',
      libUrl: 'lib.wasm'
    });
    expect(!relative.ok && relative.problems).toEqual([
      expect.stringMatching(
        /^The model address “\/models\/qwen\/resolve\/main\/” is not a full address/
      ),
      expect.stringMatching(/^The model library address “lib.wasm” is not a full address/)
    ]);

    const wrong = selfHostedModelRecord({
      baseUrl: 'https://h.example/m/resolve/main/mlc-chat-config.json',
      modelId: 'has spaces',
      libUrl: 'https://h.example/lib.js'
    });
    expect(!wrong.ok && wrong.problems).toEqual([
      expect.stringMatching(/folder that holds the model’s files, not one of the files/),
      expect.stringMatching(/compiled \.wasm file/),
      expect.stringMatching(/^The model id must be/)
    ]);

    const ftp = selfHostedModelRecord({
      baseUrl: 'ftp://h/m/resolve/main/',
      modelId: 'x',
      libUrl: lib
    });
    expect(!ftp.ok && ftp.problems).toEqual([
      'The model address must start with https:// or http://, not ftp://.'
    ]);
  });
});
