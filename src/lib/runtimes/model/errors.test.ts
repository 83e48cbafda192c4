import { describe, expect, it } from 'vitest';
import {
  EndpointConfigError,
  EndpointHttpError,
  EndpointNetworkError,
  EndpointResponseError,
  explainModelError,
  isAbortError,
  NoWebGPUError,
  parseRetryAfter,
  StreamInterruptedError,
  waitText,
  type ModelErrorAction
} from './errors';

/** An error as WebLLM would throw it: matched by name, so a plain Error with that name will do. */
function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const cases: [string, unknown, ModelErrorAction, RegExp][] = [
  [
    'no adapter (WebLLM/tvmjs)',
    new Error('Unable to find a compatible GPU'),
    'use-endpoint',
    /no WebGPU adapter/
  ],
  ['navigator.gpu missing (ours)', new NoWebGPUError(), 'use-endpoint', /scripted walkthrough/],
  [
    'WebGPUNotAvailableError',
    named('WebGPUNotAvailableError', 'WebGPU is not supported in your current environment'),
    'use-endpoint',
    /WebGPU/
  ],
  [
    'ShaderF16SupportError',
    named(
      'ShaderF16SupportError',
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser.'
    ),
    'switch-to-f32',
    /q4f32/
  ],
  [
    'f16 feature error by message',
    named(
      'FeatureSupportError',
      'This model requires feature shader-f16, which is not yet supported by this browser.'
    ),
    'switch-to-f32',
    /shader-f16/
  ],
  [
    'DeviceLostError',
    named('DeviceLostError', 'The WebGPU device was lost while loading the model.'),
    'smaller-model',
    /smaller model/
  ],
  [
    'out of memory by message',
    new Error('GPUOutOfMemoryError: Out of memory while allocating buffer'),
    'smaller-model',
    /graphics memory/
  ],
  [
    'QuotaExceededError (DOMException)',
    new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    'free-space',
    /storage is full/
  ],
  [
    'network failure mid-download (Chromium)',
    new TypeError('Failed to fetch'),
    'retry-download',
    /resumes/
  ],
  [
    'network failure mid-download (Firefox)',
    new TypeError('NetworkError when attempting to fetch resource.'),
    'retry-download',
    /interrupted|network/
  ],
  [
    'network failure mid-download (Safari)',
    new TypeError('Load failed'),
    'retry-download',
    /cache/
  ],
  [
    'tvmjs artifact cache',
    new Error(
      'Cannot fetch https://huggingface.co/x/resolve/main/params_shard_3.bin err= TypeError: Failed to fetch'
    ),
    'retry-download',
    /download/
  ],
  [
    'ModelNotLoadedError',
    named('ModelNotLoadedError', 'Model not loaded before calling chatCompletion().'),
    'reload',
    /Load the model again/
  ],
  [
    'WorkerEngineModelNotLoadedError',
    named('WorkerEngineModelNotLoadedError', 'WebWorkerMLCEngine is not loaded with a model.'),
    'reload',
    /not loaded/
  ],
  [
    'context window',
    named('ContextWindowSizeExceededError', 'Prompt tokens exceed context window size'),
    null,
    /context window/
  ],
  [
    'endpoint unreachable',
    new EndpointNetworkError(
      'http://localhost:11434/v1/chat/completions',
      new TypeError('Failed to fetch')
    ),
    'check-endpoint',
    /CORS/
  ],
  [
    'endpoint address',
    new EndpointConfigError('“localhost” is not a full web address.'),
    'check-endpoint',
    /not a full web address/
  ],
  [
    'endpoint not a chat API',
    new EndpointResponseError('The endpoint sent something that is not JSON.'),
    'check-endpoint',
    /\/v1/
  ],
  ['stream cut', new StreamInterruptedError(12), 'check-endpoint', /not used/],
  [
    'HTTP 401',
    new EndpointHttpError(401, 'u', 'Incorrect API key'),
    'check-endpoint',
    /API key.*Incorrect API key/s
  ],
  ['HTTP 403', new EndpointHttpError(403, 'u', ''), 'check-endpoint', /API key/],
  [
    'HTTP 404',
    new EndpointHttpError(404, 'u', 'model not found'),
    'check-endpoint',
    /no model by that name/
  ],
  [
    'HTTP 429',
    new EndpointHttpError(429, 'u', 'Rate limit reached'),
    null,
    /Wait a minute.*Rate limit reached/s
  ],
  [
    'HTTP 503',
    new EndpointHttpError(503, 'u', 'loading model'),
    'check-endpoint',
    /503.*loading model/s
  ],
  [
    'HTTP 400',
    new EndpointHttpError(400, 'u', 'max_tokens is too large'),
    'check-endpoint',
    /400.*max_tokens is too large/s
  ]
];

describe('explainModelError', () => {
  for (const [label, error, action, pattern] of cases) {
    it(`explains ${label}`, () => {
      const explained = explainModelError(error);
      expect(explained.action).toBe(action);
      expect(explained.title.length).toBeGreaterThan(3);
      expect(explained.message).toMatch(pattern);
    });
  }

  it('reads a string rejection from the worker engine by the name at its start', () => {
    expect(
      explainModelError('ShaderF16SupportError: This model requires WebGPU extension shader-f16')
        .action
    ).toBe('switch-to-f32');
    expect(explainModelError('Error: Unable to find a compatible GPU').action).toBe('use-endpoint');
    expect(explainModelError('ModelNotLoadedError: Model not loaded before calling').action).toBe(
      'reload'
    );
  });

  it('explains an unknown string rejection, keeping its text and offering a reload', () => {
    const explained = explainModelError('TVM runtime panicked: kaboom 42');
    expect(explained).toMatchObject({ title: 'The model stopped with an error', action: 'reload' });
    expect(explained.message).toContain('TVM runtime panicked: kaboom 42');
  });

  it('keeps the original text of an unknown error', () => {
    const explained = explainModelError(new RangeError('weird thing 17 happened'));
    expect(explained).toMatchObject({ title: 'Something went wrong with the model', action: null });
    expect(explained.message).toContain('RangeError: weird thing 17 happened');
    expect(explainModelError({ code: 9 }).message).toContain('{"code":9}');
    expect(explainModelError(undefined).message).toContain('undefined');
  });

  it('recognises aborts and says the call was stopped', () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(isAbortError(abort)).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(explainModelError(abort)).toEqual({
      title: 'Stopped',
      message: 'The model call was stopped before it finished.',
      action: null
    });
  });

  it('reads an HTTP error that crossed a worker as a plain object', () => {
    const copy = { name: 'EndpointHttpError', message: 'x', status: 401, serverMessage: 'bad key' };
    expect(explainModelError(copy)).toMatchObject({ action: 'check-endpoint' });
    expect(explainModelError(copy).message).toContain('bad key');
  });
});

describe('parseRetryAfter and waitText', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads both forms of Retry-After, and nothing else', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:02:00 GMT', now)).toBe(120);
    // A date in the past means "now", not a negative wait.
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    // A hostile number is capped at a year rather than read as thousands of years.
    expect(parseRetryAfter('99999999999999', now)).toBe(365 * 24 * 3600);
  });

  it('says a wait in the unit a person would use', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(30)).toBe('30 seconds');
    expect(waitText(90)).toBe('90 seconds');
    expect(waitText(91)).toBe('about 2 minutes');
    expect(waitText(3 * 3600)).toBe('about 3 hours');
    expect(waitText(365 * 24 * 3600)).toBe('about 365 days');
  });

  it('a 429 without Retry-After still says to wait a minute', () => {
    const explained = explainModelError(new EndpointHttpError(429, 'http://x/v1', ''));
    expect(explained.message).toContain('Wait a minute and try again');
  });
});
