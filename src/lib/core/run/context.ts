/**
 * RunContext and the runner. A technique only ever touches the world through the context;
 * the context records every request and result into the log. The same runner records a
 * live run, replays a log without any runtime, and forks: it answers the first effects from
 * an earlier log and then goes live.
 *
 * Invariant: a replayed effect is copied into the new log unchanged (request, result, t,
 * dur), so replaying a complete log reproduces it exactly.
 */
import type {
  AskRequest,
  AskResult,
  Asker,
  ChatRequest,
  ChatResult,
  ExecRequest,
  ExecResult,
  LanguageModel,
  Sandbox
} from './effects';
import { isEffect, type EffectEvent, type EffectKind, type Note, type RunEvent } from './events';
import type { Gate } from './gate';
import { seededRandom } from './random';
import { stableJson } from './stable-json';
import type { Problem } from '../problems/problem';
import type { Technique } from './technique';

/** What a technique may do. Nothing else reaches the outside world. */
export interface RunContext {
  model(request: ChatRequest, label: string): Promise<ChatResult>;
  execute(request: ExecRequest, label: string): Promise<ExecResult>;
  ask(request: AskRequest, label: string): Promise<AskResult>;
  /** Record what the technique decided (a program, feedback, a decision, the outcome). */
  emit(note: Note): void;
  /** Seeded randomness in [0, 1). */
  random(): number;
  readonly signal: AbortSignal;
}

/** The live runtimes that answer effects not taken from a log. */
export interface Runtimes {
  model?: LanguageModel;
  sandbox?: Sandbox;
  asker?: Asker;
}

/** Effects to answer from an earlier log instead of a runtime. */
interface ReplaySource {
  effects: readonly EffectEvent[];
  /**
   * strict: every effect must come from the log, with the same request (a permalink replay);
   * fork: answer from the log while requests match, then continue live.
   */
  mode: 'strict' | 'fork';
}

interface RunOptions {
  runtimes: Runtimes;
  seed: number;
  /** awaited before every live effect (stepping); replayed effects never wait */
  gate?: Gate;
  replay?: ReplaySource;
  /** answer the model effect at this index with an edited result instead (fork with an edit) */
  override?: { effect: number; result: ChatResult };
  signal?: AbortSignal;
  /** called after each event is appended; `log` is the whole log so far */
  onEvent?: (event: RunEvent, log: readonly RunEvent[]) => void;
  /** called when a live effect starts (after the gate), for "running…" indicators */
  onEffectStart?: (effect: { kind: EffectKind; label: string }) => void;
  now?: () => number;
}

export class ReplayMismatchError extends Error {
  constructor(index: number, detail: string) {
    super(`The log does not match this technique at effect ${index + 1}: ${detail}.`);
    this.name = 'ReplayMismatchError';
  }
}

export class RunAbortedError extends Error {
  constructor() {
    super('The run was stopped.');
    this.name = 'RunAbortedError';
  }
}

type Requests = { model: ChatRequest; execute: ExecRequest; ask: AskRequest };
type Results = { model: ChatResult; execute: ExecResult; ask: AskResult };

/** Records events and keeps the virtual clock (the sum of effect durations). */
class Recorder {
  readonly events: RunEvent[] = [];
  effects = 0;
  t = 0;
  constructor(private readonly onEvent?: RunOptions['onEvent']) {}

  append(event: RunEvent): void {
    this.events.push(event);
    if (isEffect(event)) {
      this.effects++;
      this.t = event.t + event.dur;
    }
    this.onEvent?.(event, this.events);
  }
}

function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new RunAbortedError());
    signal.addEventListener('abort', () => reject(new RunAbortedError()), { once: true });
  });
}

/**
 * The context a technique runs with: each effect is answered from the replay log or live, and
 * logged into `recorder` in the order the effects started.
 */
/** The answers of the run's latest ask effect, [] before any (a scripted model may branch on them). */
function latestAnswers(events: readonly RunEvent[]): string[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.kind === 'ask') return event.result.answers;
  }
  return [];
}

function createContext(
  recorder: Recorder,
  options: RunOptions,
  params: Readonly<Record<string, unknown>>
): RunContext {
  const signal = options.signal ?? new AbortController().signal;
  const aborted = abortPromise(signal);
  aborted.catch(() => {});
  const now = options.now ?? (() => performance.now());
  const random = seededRandom(options.seed);
  let diverged = false;

  // Effects may run in parallel (several programs in the worker pool at once). Each takes its
  // index when it starts, and events enter the log in that order, whatever order they finish
  // in, so a log never depends on timing.
  let started = 0;
  let modelCalls = 0;
  let nextToAppend = 0;
  const finished = new Map<number, () => void>();
  function flush(): void {
    for (let done = finished.get(nextToAppend); done; done = finished.get(nextToAppend)) {
      finished.delete(nextToAppend);
      nextToAppend++;
      done();
    }
  }
  /** Append an effect's event once every earlier-started effect is in the log. */
  function inOrder(index: number, append: () => void): Promise<void> {
    return new Promise((resolve) => {
      finished.set(index, () => {
        append();
        resolve();
      });
      flush();
    });
  }
  /** An effect that failed or was aborted gives up its place so later ones still land. */
  function skip(index: number): void {
    finished.set(index, () => {});
    flush();
  }

  async function effect<K extends EffectKind>(
    kind: K,
    request: Requests[K],
    label: string,
    live: (call: number) => Promise<Results[K]>,
    prepare?: () => Promise<void>
  ): Promise<Results[K]> {
    if (signal.aborted) throw new RunAbortedError();
    const index = started++;
    const call = kind === 'model' ? modelCalls++ : -1;
    try {
      const logged = options.replay && !diverged ? options.replay.effects[index] : undefined;
      if (options.replay && !diverged) {
        const detail = !logged
          ? 'the log ends here'
          : logged.kind !== kind
            ? `the log has a ${logged.kind} call where the technique makes a ${kind} call`
            : stableJson(logged.request) !== stableJson(request)
              ? `the ${kind} request differs from the logged one`
              : null;
        if (detail === null && logged) {
          await inOrder(index, () =>
            recorder.append({ ...logged, seq: recorder.events.length } as EffectEvent)
          );
          return logged.result as Results[K];
        }
        if (options.replay.mode === 'strict') throw new ReplayMismatchError(index, detail ?? '');
        diverged = true;
      }

      const override =
        options.override?.effect === index && kind === 'model' ? options.override : null;
      if (!override && options.gate) await Promise.race([options.gate.wait(), aborted]);
      if (signal.aborted) throw new RunAbortedError();
      options.onEffectStart?.({ kind, label });
      // Waiting for a runtime to load is not the effect's time: the clock starts after it.
      if (prepare && !override) await Promise.race([prepare(), aborted]);
      if (signal.aborted) throw new RunAbortedError();
      const began = now();
      const result = override
        ? (override.result as Results[K])
        : await Promise.race([live(call), aborted]);
      const dur = override ? 0 : Math.max(0, Math.round(now() - began));
      await inOrder(index, () => {
        const event = {
          kind,
          seq: recorder.events.length,
          t: recorder.t,
          dur,
          label,
          request,
          result
        } as EffectEvent;
        if (override) (event as EffectEvent & { kind: 'model' }).edited = true;
        recorder.append(event);
      });
      return result;
    } catch (error) {
      skip(index);
      throw error;
    }
  }

  const missing = (what: string): never => {
    throw new Error(`No ${what} is connected to this run.`);
  };

  return {
    signal,
    random,
    model: (request, label) =>
      effect('model', request, label, (call) =>
        (options.runtimes.model ?? missing('model')).complete(request, {
          signal,
          call,
          script: { params, answers: latestAnswers(recorder.events) }
        })
      ),
    execute: (request, label) =>
      effect(
        'execute',
        request,
        label,
        () => (options.runtimes.sandbox ?? missing('sandbox')).execute(request, { signal }),
        () => options.runtimes.sandbox?.prepare?.(request, { signal }) ?? Promise.resolve()
      ),
    ask: (request, label) =>
      effect('ask', request, label, () =>
        (options.runtimes.asker ?? missing('person to ask')).ask(request, { signal })
      ),
    emit: (note) =>
      recorder.append({ kind: 'note', seq: recorder.events.length, t: recorder.t, note })
  };
}

export interface RunRecord {
  events: RunEvent[];
  /** set when the run ended by an error (also recorded as an outcome note) */
  error?: Error;
  aborted: boolean;
}

/**
 * Run a technique to its end under the options. Errors end the run with an `outcome` note
 * whose message says what happened; an abort ends it without one.
 */
export async function runTechnique<P>(
  technique: Technique<P>,
  problem: Problem,
  params: P,
  options: RunOptions
): Promise<RunRecord> {
  const recorder = new Recorder(options.onEvent);
  const ctx = createContext(recorder, options, params as Record<string, unknown>);
  try {
    await technique.run(problem, params, ctx);
    return { events: recorder.events, aborted: false };
  } catch (cause) {
    if (cause instanceof RunAbortedError) return { events: recorder.events, aborted: true };
    const error = cause instanceof Error ? cause : new Error(String(cause));
    if (!(error instanceof ReplayMismatchError)) {
      ctx.emit({
        type: 'outcome',
        status: 'error',
        code: null,
        visiblePassed: false,
        hiddenPassed: 0,
        hiddenTotal: problem.hiddenTests.length,
        message: `The run stopped with an error: ${error.message}`
      });
    }
    return { events: recorder.events, error, aborted: false };
  }
}

/** The effects of a log, in order (index i is "effect i"). */
export function effectsOf(events: readonly RunEvent[]): EffectEvent[] {
  return events.filter(isEffect);
}
