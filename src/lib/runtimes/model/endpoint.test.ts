import { describe, expect, it } from 'vitest';
import { explainModelError } from './errors';
import { resolveEndpoint, serverMessage } from './endpoint';

describe('resolveEndpoint', () => {
  it('adds /v1 to a bare origin and keeps any other path, dropping pasted endpoints', () => {
    for (const typed of [
      'http://localhost:8000',
      'http://localhost:8000/',
      ' http://localhost:8000/v1/ ',
      'http://localhost:8000/v1/chat/completions',
      'http://localhost:8000/v1/models?x=1'
    ]) {
      expect(resolveEndpoint(typed)).toEqual({
        base: 'http://localhost:8000/v1',
        chat: 'http://localhost:8000/v1/chat/completions',
        models: 'http://localhost:8000/v1/models'
      });
    }
    expect(resolveEndpoint('https://api.groq.com/openai/v1').chat).toBe(
      'https://api.groq.com/openai/v1/chat/completions'
    );
    expect(resolveEndpoint('https://proxy.example/llm').base).toBe('https://proxy.example/llm');
  });

  it('refuses what is not an http(s) address, in words', () => {
    expect(() => resolveEndpoint('localhost:11434')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveEndpoint('/v1')).toThrow(/not a full web address/);
    let caught: unknown;
    try {
      resolveEndpoint('ollama');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'EndpointConfigError' });
    expect(explainModelError(caught).action).toBe('check-endpoint');
  });
});

describe('serverMessage', () => {
  it('reads the error bodies of OpenAI, Ollama-style strings, vLLM, FastAPI and HTML', () => {
    expect(serverMessage('{"error":{"message":"bad key","code":"invalid_api_key"}}')).toBe(
      'bad key'
    );
    expect(serverMessage('{"error":"model \\"x\\" not found"}')).toBe('model "x" not found');
    expect(serverMessage('{"object":"error","message":"The model `m` does not exist."}')).toBe(
      'The model `m` does not exist.'
    );
    expect(serverMessage('{"detail":"Not Found"}')).toBe('Not Found');
    expect(serverMessage('<html><h1>502 Bad Gateway</h1></html>')).toBe('502 Bad Gateway');
    expect(serverMessage('x'.repeat(400))).toHaveLength(301);
  });
});
