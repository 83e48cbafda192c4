import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '$lib/testing/memory-storage';
import { RunSchema } from '$lib/core/run/run';
import { LOG_VERSION } from '$lib/core/run/events';
import { selfDebugParams } from '$lib/core/techniques/self-debug';
import { loadSelfDebuggingLesson } from '$lib/testing/self-debugging-lesson';
import {
  EMPTY_SETTINGS,
  KEY_KEY,
  SETTINGS_KEY,
  activeSpec,
  checkCpuSettings,
  checkEndpoint,
  endpointSpec,
  paramKeys,
  parseSettings,
  readSettings,
  samplingOf,
  SETTINGS_NOTES,
  withSampling,
  type EndpointSettings
} from './model-settings';
import { ModelSettings, type SettingsStorage } from './model-settings.svelte';

const endpoint: EndpointSettings = {
  baseUrl: 'http://localhost:11434',
  model: 'qwen2.5-coder:1.5b',
  apiKey: 'sk-secret-123',
  temperature: 0.2,
  maxTokens: 512
};

describe('model settings in storage', () => {
  it('reads back what was saved, and drops anything damaged or of another shape', () => {
    const saved = { version: 1, endpoint, webllm: null, cpu: null, active: 'endpoint' };
    expect(parseSettings(JSON.stringify(saved))).toEqual(saved);
    expect(parseSettings(null)).toEqual(EMPTY_SETTINGS);
    expect(parseSettings('{not json')).toEqual(EMPTY_SETTINGS);
    expect(parseSettings(JSON.stringify({ ...saved, version: 2 }))).toEqual(EMPTY_SETTINGS);
    expect(
      parseSettings(JSON.stringify({ ...saved, endpoint: { ...endpoint, temperature: 9 } }))
    ).toEqual(EMPTY_SETTINGS);
    // An active choice with nothing behind it is no choice.
    expect(parseSettings(JSON.stringify({ ...saved, endpoint: null })).active).toBeNull();
  });

  it('reads settings saved before the CPU model existed, and a CPU model chosen since', () => {
    const before = { version: 1, endpoint, webllm: null, active: 'endpoint' };
    expect(parseSettings(JSON.stringify(before))).toEqual({ ...before, cpu: null });
    const cpu = { url: 'https://example.org/qwen-0.5b-q4_k_m.gguf', name: 'Qwen2.5-Coder 0.5B' };
    const chosen = { ...before, cpu, active: 'cpu' };
    expect(parseSettings(JSON.stringify(chosen))).toEqual(chosen);
    expect(activeSpec(parseSettings(JSON.stringify(chosen)))).toEqual({
      kind: 'cpu',
      id: cpu.url,
      label: 'Qwen2.5-Coder 0.5B — in this browser on the CPU (llama.cpp)',
      // Saved before the CPU model had settings: the defaults, automatic build, no seed.
      settings: { temperature: 0, maxTokens: 1024, build: 'auto' }
    });
    const damaged = readSettings(JSON.stringify({ ...chosen, cpu: { url: '' } }));
    expect(damaged.data).toMatchObject({ cpu: null, active: null });
    expect(damaged.notes).toEqual(['Your saved CPU model choice was damaged, so it was reset.']);
  });

  it('keeps the CPU model’s own build and sampling, checks them, and records them in the spec', () => {
    const cpu = {
      url: 'https://example.org/m.gguf',
      name: 'm',
      build: 'wasm32',
      temperature: 0.7,
      maxTokens: 200,
      seed: 42
    };
    const data = parseSettings(JSON.stringify({ ...EMPTY_SETTINGS, cpu, active: 'cpu' }));
    expect(data.cpu).toEqual(cpu);
    expect(activeSpec(data)).toMatchObject({
      kind: 'cpu',
      settings: { temperature: 0.7, maxTokens: 200, seed: 42, build: 'wasm32' }
    });
    // The run's params get the CPU model's sampling, as they get the endpoint's.
    expect(samplingOf(data)).toEqual({ temperature: 0.7, maxTokens: 200 });
    expect(
      withSampling(
        { temperature: 0, maxTokens: 512 },
        ['temperature', 'maxTokens'],
        samplingOf(data)
      )
    ).toEqual({ temperature: 0.7, maxTokens: 200 });
    // A WebLLM model keeps the lesson's own sampling.
    expect(samplingOf({ ...data, webllm: { modelId: 'x' }, active: 'webllm' })).toBeNull();

    // A seed out of range or a build we do not know is damage: the CPU choice is reset.
    for (const bad of [{ seed: -1 }, { seed: 2 ** 31 }, { seed: 1.5 }, { build: 'wasm16' }]) {
      const read = readSettings(
        JSON.stringify({ ...EMPTY_SETTINGS, cpu: { ...cpu, ...bad }, active: 'cpu' })
      );
      expect(read.data.cpu).toBeNull();
      expect(read.notes).toEqual([SETTINGS_NOTES.cpu]);
    }
  });

  it('checks the CPU settings form with the endpoint form’s sentences, and a seed’s', () => {
    const input = { build: 'auto' as const, temperature: 0.2, maxTokens: 256, seed: null };
    expect(checkCpuSettings(input)).toEqual({
      ok: true,
      settings: { build: 'auto', temperature: 0.2, maxTokens: 256 }
    });
    expect(checkCpuSettings({ ...input, seed: 9 })).toMatchObject({ settings: { seed: 9 } });
    const bad = checkCpuSettings({ ...input, temperature: 3, maxTokens: 10, seed: -4 });
    expect(bad).toEqual({
      ok: false,
      problems: [
        'The temperature must be between 0 and 2.',
        'The reply limit must be a whole number of tokens from 64 to 8192.',
        'The seed must be a whole number from 0 to 2147483647, or empty.'
      ]
    });
    // The endpoint form says the same about the same fields.
    const endpointCheck = checkEndpoint({
      baseUrl: 'http://localhost:11434/v1',
      model: 'm',
      apiKey: '',
      temperature: 3,
      maxTokens: 10
    });
    expect(endpointCheck).toEqual({
      ok: false,
      problems: [
        'The temperature must be between 0 and 2.',
        'The reply limit must be a whole number of tokens from 64 to 8192.'
      ]
    });
  });

  it('drops a saved endpoint that is not a web address, with a note, and keeps the rest', () => {
    const webllm = { modelId: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC' };
    const saved = {
      version: 1,
      endpoint: { ...endpoint, baseUrl: 'not a url' },
      webllm,
      active: 'endpoint'
    };
    const read = readSettings(JSON.stringify(saved));
    expect(read).toEqual({
      data: { version: 1, endpoint: null, webllm, cpu: null, active: null },
      notes: ['Your saved endpoint was not a valid address, so it was reset.']
    });
    // Nothing that reads the settings throws: the spec is simply not there.
    expect(activeSpec(read.data)).toBeNull();
    expect(
      readSettings(JSON.stringify({ ...saved, endpoint: { ...endpoint, baseUrl: 'ftp://x' } }))
        .notes
    ).toEqual([SETTINGS_NOTES.endpointAddress]);
    // Damaged otherwise, or a damaged WebLLM choice: each part is dropped alone, with its note.
    expect(
      readSettings(
        JSON.stringify({ ...saved, endpoint: { ...endpoint, model: 7 }, webllm: { modelId: '' } })
      )
    ).toEqual({
      data: EMPTY_SETTINGS,
      notes: [SETTINGS_NOTES.endpoint, SETTINGS_NOTES.webllm]
    });
    expect(readSettings('{not json')).toEqual({
      data: EMPTY_SETTINGS,
      notes: [SETTINGS_NOTES.unreadable]
    });
    expect(readSettings(null)).toEqual({ data: EMPTY_SETTINGS, notes: [] });
  });

  it('the rune class says what it dropped, stores the reset, and forgets the note on saving', () => {
    const storage = new MemoryStorage();
    const bad = {
      version: 1,
      endpoint: { ...endpoint, baseUrl: 'localhost' },
      webllm: null,
      active: 'endpoint'
    };
    storage.setItem(SETTINGS_KEY, JSON.stringify(bad));
    const settings = new ModelSettings(storage);
    expect(settings.spec).toBeNull();
    expect(settings.notes).toEqual([SETTINGS_NOTES.endpointAddress]);
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!)).toEqual(EMPTY_SETTINGS);
    expect(new ModelSettings(storage).notes).toEqual([]);
    settings.saveEndpoint(endpoint);
    expect(settings.notes).toEqual([]);
  });

  it('the rune class persists the endpoint, switches the active model and forgets the key', () => {
    const storage = new MemoryStorage();
    const session = new MemoryStorage();
    const settings = new ModelSettings(storage, session);
    expect(settings.spec).toBeNull();
    settings.saveEndpoint(endpoint, true);
    expect(settings.spec).toMatchObject({ kind: 'endpoint', id: 'qwen2.5-coder:1.5b' });
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!).endpoint.apiKey).toBe('sk-secret-123');

    const again = new ModelSettings(storage, session);
    expect(again.rememberKey).toBe(true);
    expect(again.endpoint).toEqual(endpoint);
    again.chooseWebLLM({ modelId: 'Qwen2.5-Coder-0.5B-Instruct-q4f32_1-MLC' });
    expect(again.spec?.kind).toBe('webllm');
    again.use('endpoint');
    expect(again.spec?.kind).toBe('endpoint');
    again.clearEndpoint();
    expect(again.spec?.kind).toBe('webllm');
    expect(storage.getItem(SETTINGS_KEY)).not.toContain('sk-secret-123');
  });

  it('keeps the API key for this tab only unless asked to remember it on the device', () => {
    const storage = new MemoryStorage();
    const session = new MemoryStorage();
    const settings = new ModelSettings(storage, session);
    settings.saveEndpoint(endpoint);
    expect(settings.rememberKey).toBe(false);
    expect(settings.endpoint?.apiKey).toBe('sk-secret-123');
    expect(storage.getItem(SETTINGS_KEY)).not.toContain('sk-secret-123');
    expect(session.getItem(KEY_KEY)).toBe('sk-secret-123');
    // Another page of the same tab reads the key back; a new tab (no session) does not.
    expect(new ModelSettings(storage, session).endpoint).toEqual(endpoint);
    expect(new ModelSettings(storage, new MemoryStorage()).endpoint).toEqual({
      ...endpoint,
      apiKey: ''
    });
    // Asked to remember: the key moves to the device's storage and leaves the tab's.
    settings.saveEndpoint(endpoint, true);
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!).endpoint.apiKey).toBe('sk-secret-123');
    expect(session.getItem(KEY_KEY)).toBeNull();
    expect(new ModelSettings(storage, new MemoryStorage()).endpoint).toEqual(endpoint);
    // And back: forgetting on the device keeps it for the tab.
    settings.saveEndpoint(endpoint, false);
    expect(storage.getItem(SETTINGS_KEY)).not.toContain('sk-secret-123');
    expect(session.getItem(KEY_KEY)).toBe('sk-secret-123');
    settings.clearEndpoint();
    expect(session.getItem(KEY_KEY)).toBeNull();
  });

  it('a key saved in localStorage before the choice existed keeps working, as remembered', () => {
    const storage = new MemoryStorage();
    const session = new MemoryStorage();
    storage.setItem(
      SETTINGS_KEY,
      JSON.stringify({ version: 1, endpoint, webllm: null, active: 'endpoint' })
    );
    const settings = new ModelSettings(storage, session);
    expect(settings.endpoint).toEqual(endpoint);
    expect(settings.rememberKey).toBe(true);
    settings.use('endpoint');
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!).endpoint.apiKey).toBe('sk-secret-123');
    expect(session.getItem(KEY_KEY)).toBeNull();
  });

  it('survives storage that throws (blocked by privacy settings)', () => {
    const throwing: SettingsStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {}
    };
    const settings = new ModelSettings(throwing, throwing);
    settings.saveEndpoint(endpoint);
    expect(settings.endpoint).toEqual(endpoint);
  });
});

describe('the endpoint form and the run it leads to', () => {
  it('lists every problem of a bad form in a sentence', () => {
    const checked = checkEndpoint({
      baseUrl: 'localhost:11434',
      model: '  ',
      apiKey: '',
      temperature: 3,
      maxTokens: 10.5
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toHaveLength(4);
    expect(checked.problems.join(' ')).toMatch(/http:\/\/|scheme/);
    expect(checked.problems.join(' ')).toMatch(/model’s name/);
    expect(checked.problems.join(' ')).toMatch(/temperature/);
    expect(checked.problems.join(' ')).toMatch(/whole number/);
  });

  it('trims a good form', () => {
    expect(checkEndpoint({ ...endpoint, model: ' m ', apiKey: ' k ' })).toEqual({
      ok: true,
      settings: { ...endpoint, model: 'm', apiKey: 'k' }
    });
  });

  it('puts the API root and model name in the run, never the key', () => {
    const spec = endpointSpec(endpoint);
    expect(spec).toEqual({
      kind: 'endpoint',
      id: 'qwen2.5-coder:1.5b',
      label: 'qwen2.5-coder:1.5b — your endpoint at http://localhost:11434/v1',
      baseUrl: 'http://localhost:11434/v1'
    });
    expect(JSON.stringify(spec)).not.toContain('sk-secret');
    expect(activeSpec({ version: 1, endpoint, webllm: null, active: 'endpoint' })).toEqual(spec);
    // The run schema accepts it, and rejects a key smuggled in.
    const run = {
      version: LOG_VERSION,
      technique: 'self-debug',
      params: {},
      problem: loadSelfDebuggingLesson().problem,
      model: spec,
      seed: 1,
      events: []
    };
    const parsed = RunSchema.safeParse(run);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(RunSchema.safeParse({ ...run, model: { ...spec, apiKey: 'k' } }).success).toBe(false);
  });

  it('applies temperature and reply limit only to params the technique has', () => {
    const keys = paramKeys(selfDebugParams);
    expect(keys).toEqual(expect.arrayContaining(['temperature', 'maxTokens', 'maxTurns']));
    expect(withSampling({ maxTurns: 4 }, keys, endpoint)).toEqual({
      maxTurns: 4,
      temperature: 0.2,
      maxTokens: 512
    });
    expect(withSampling({ maxTurns: 4 }, ['maxTurns'], endpoint)).toEqual({ maxTurns: 4 });
    expect(withSampling({ maxTurns: 4 }, keys, null)).toEqual({ maxTurns: 4 });
    expect(selfDebugParams.safeParse(withSampling({}, keys, endpoint)).success).toBe(true);
    expect(paramKeys(undefined)).toEqual([]);
  });
});
