/** The command line of `npm run solve`. */
import { parseArgs } from 'node:util';
import { getTechnique, techniqueIds } from '../../lib/core/techniques/registry';

/** The per-call limit when --call-timeout is not given, in seconds. */
export const DEFAULT_CALL_TIMEOUT_S = 600;

/** The usage text printed on bad usage and with --help. */
export const USAGE = [
  'usage: npm run solve -- --technique ID --problems FILE.jsonl[.gz] --endpoint URL --model NAME',
  '         --out DIR [--task TASK_ID …] [--param key=value …] [--concurrency N]',
  '         [--api-key-env VAR] [--answers FILE.json|simulated] [--seed N] [--retries N]',
  '         [--call-timeout SECONDS] [--max-completion-tokens]',
  '   or: agentic-code-lab solve --technique ID … (the same options)',
  '  --call-timeout  give up on a model call that has not finished after this many seconds',
  `                  (default ${DEFAULT_CALL_TIMEOUT_S}); it counts as a failed attempt and is retried`,
  '                  like a dropped connection (--retries). A stalled reply stops after',
  '                  120 s without a byte; see docs/models-limits.md',
  '  --max-completion-tokens  send the reply limit as max_completion_tokens, for servers',
  '                  that refuse max_tokens (some hosted models)',
  `techniques: ${techniqueIds.join(', ')}`
].join('\n');

/** Who answers clarifying questions. */
export type AnswersOption =
  { kind: 'none' } | { kind: 'file'; path: string } | { kind: 'simulated' };

/** What to run and how. */
export interface SolveOptions {
  technique: string;
  /** the technique's params with defaults filled in, checked by its schema */
  params: Record<string, unknown>;
  problemsPath: string;
  /** only these task ids (all when empty), in the file's order */
  tasks: string[];
  endpoint: string;
  model: string;
  /** how many problems run at once */
  concurrency: number;
  /** the environment variable holding the API key (the key itself is never stored) */
  apiKeyEnv: string | null;
  answers: AnswersOption;
  outDir: string;
  /** the seed of every run's ctx.random */
  seed: number;
  /** retries of a failed model call */
  retries: number;
  /** the longest a model call may take, in seconds (each retry has its own) */
  callTimeoutSeconds: number;
  /** send `max_completion_tokens` instead of `max_tokens` */
  maxCompletionTokens: boolean;
}

export type ParsedSolveArgs =
  { kind: 'run'; options: SolveOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const MAX_CONCURRENCY = 64;
const MAX_RETRIES = 20;
const MAX_CALL_TIMEOUT_S = 86_400;

/** `--param key=value`: the value as JSON when it reads as JSON (3, 0.5, true), else as text. */
export function paramValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

function parseParams(
  technique: string,
  pairs: readonly string[]
): Record<string, unknown> | string {
  const impl = getTechnique(technique);
  if (!impl) return `unknown technique "${technique}"; choose one of ${techniqueIds.join(', ')}`;
  const raw: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `--param must be key=value, not "${pair}"`;
    raw[pair.slice(0, eq).trim()] = paramValue(pair.slice(eq + 1).trim());
  }
  const parsed = impl.params.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `--param ${issue.path.join('.')}` : '--param';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `${where}: ${issue.message}${keys} for ${technique}`;
  }
  return parsed.data as Record<string, unknown>;
}

/** Parses the arguments after `npm run solve --`. */
export function parseSolveArgs(argv: readonly string[]): ParsedSolveArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        technique: { type: 'string' },
        problems: { type: 'string' },
        task: { type: 'string', multiple: true },
        endpoint: { type: 'string' },
        model: { type: 'string' },
        param: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'api-key-env': { type: 'string' },
        answers: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        retries: { type: 'string' },
        'call-timeout': { type: 'string' },
        'max-completion-tokens': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    });
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  const missing = (['technique', 'problems', 'endpoint', 'model', 'out'] as const).filter(
    (name) => !v[name]?.trim()
  );
  if (missing.length > 0) {
    return { kind: 'error', message: `missing ${missing.map((m) => `--${m}`).join(', ')}` };
  }
  const technique = v.technique!.trim();
  const params = parseParams(technique, v.param ?? []);
  if (typeof params === 'string') return { kind: 'error', message: params };

  const concurrency = wholeNumber(v.concurrency ?? '1', 1, MAX_CONCURRENCY);
  if (concurrency === null) {
    return {
      kind: 'error',
      message: `--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`
    };
  }
  const retries = wholeNumber(v.retries ?? '5', 0, MAX_RETRIES);
  if (retries === null) {
    return { kind: 'error', message: `--retries must be a whole number from 0 to ${MAX_RETRIES}` };
  }
  const timeoutText = v['call-timeout']?.trim() ?? String(DEFAULT_CALL_TIMEOUT_S);
  const callTimeoutSeconds = Number(timeoutText);
  // Decimals allowed (tests use fractions of a second); a day is more than any call needs.
  if (
    !/^\d+(\.\d+)?$/.test(timeoutText) ||
    callTimeoutSeconds <= 0 ||
    callTimeoutSeconds > MAX_CALL_TIMEOUT_S
  ) {
    return {
      kind: 'error',
      message: `--call-timeout must be a number of seconds above 0 and at most ${MAX_CALL_TIMEOUT_S}, not "${timeoutText}"`
    };
  }
  const seedText = v.seed ?? '1';
  const seed = Number(seedText);
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(seed)) {
    return { kind: 'error', message: `--seed must be a whole number, not "${seedText}"` };
  }
  const apiKeyEnv = v['api-key-env']?.trim() ?? null;
  if (apiKeyEnv !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) {
    return {
      kind: 'error',
      message: `--api-key-env takes the name of an environment variable (like OPENAI_API_KEY), not the key itself`
    };
  }
  const answersText = v.answers?.trim();
  const answers: AnswersOption =
    answersText === undefined || answersText === ''
      ? { kind: 'none' }
      : answersText === 'simulated'
        ? { kind: 'simulated' }
        : { kind: 'file', path: answersText };

  return {
    kind: 'run',
    options: {
      technique,
      params,
      problemsPath: v.problems!.trim(),
      tasks: [...new Set((v.task ?? []).map((t) => t.trim()).filter((t) => t !== ''))],
      endpoint: v.endpoint!.trim(),
      model: v.model!.trim(),
      concurrency,
      apiKeyEnv,
      answers,
      outDir: v.out!.trim(),
      seed,
      retries,
      callTimeoutSeconds,
      maxCompletionTokens: v['max-completion-tokens'] === true
    }
  };
}

/**
 * The endpoint model's limits for a run of `solve`. Its calls are not streamed, so the first
 * byte comes only once the whole reply is written: the first-byte limit is the call's.
 */
export function callLimits(options: Pick<SolveOptions, 'callTimeoutSeconds'>): {
  callTimeoutMs: number;
  firstByteTimeoutMs: number;
} {
  const ms = options.callTimeoutSeconds * 1000;
  return { callTimeoutMs: ms, firstByteTimeoutMs: ms };
}
