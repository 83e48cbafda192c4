/**
 * The teacher's side of a class, in presenter mode: Start a class stores the run on this
 * server (as a short link's run), opens a class on it and keeps the secret token in this tab
 * (sessionStorage, under that class's code only); from then on each step the teacher takes is
 * sent (debounced, never awaited by the player: a slow or failed send only shows a sentence,
 * and the latest step is sent again); the teacher's own event stream brings the follower
 * count. End class ends it for everyone and forgets the token.
 */
import type { Run } from '$lib/core/run/run';
import { permalinkUrl } from '$lib/core/share/classroom-link';
import { requestShortLink } from '$lib/core/share/short-link';
import { TEACHER_TOKEN_HEADER } from '$lib/core/share/class-session';
import { ClassStream, type EventSourceFactory } from './class-stream.svelte';

/** What the teacher's class needs of the player (a Player satisfies it). */
export interface TeachingPlayer {
  readonly run: Run | null;
  readonly step: number;
  readonly live: boolean;
}

export interface ClassSession {
  code: string;
  url: string;
}

/** How long a step waits for the next before it is sent (a held arrow key sends once). */
export const SEND_DEBOUNCE_MS = 150;
/** How long a failed send waits before it tries again. */
export const RESEND_MS = 2_000;

/** The sessionStorage key of a class's token. */
export const tokenKey = (code: string): string => `acl-class-token:${code}`;
/** The sessionStorage key of the class this tab started: its code, address and run id. */
const CURRENT_KEY = 'acl-class-current';

export class ClassTeacher {
  session = $state<ClassSession | null>(null);
  followers = $state(0);
  /** working on Start or End: a sentence, '' when idle */
  working = $state('');
  /** what went wrong, in a sentence ('' when nothing) */
  problem = $state('');
  /** the step the class is at, as the server confirmed */
  sentStep = $state<number | null>(null);
  stream: ClassStream | null = $state(null);

  readonly #player: TeachingPlayer;
  readonly #fetch: typeof fetch;
  readonly #storage: () => Storage | null;
  readonly #openStream: EventSourceFactory | undefined;
  #run: Run | null = null;
  #token = '';
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sending = false;
  readonly #cleanup: () => void;

  constructor(
    player: TeachingPlayer,
    options: {
      fetch?: typeof fetch;
      storage?: () => Storage | null;
      openStream?: EventSourceFactory;
    } = {}
  ) {
    this.#player = player;
    this.#fetch = options.fetch ?? ((...args) => fetch(...args));
    this.#storage = options.storage ?? (() => sessionStorage);
    this.#openStream = options.openStream;
    // Every step the teacher takes goes to the class, whatever is on screen (the class panel
    // or not, presenter mode or not). Node tests call `stepped()` by hand.
    this.#cleanup = $effect.root(() => {
      $effect(() => {
        void player.step;
        this.stepped();
      });
    });
  }

  /** Why a class cannot start on what is on screen, or null when it can. */
  get blocker(): string | null {
    if (!this.#player.run) return 'There is no run to show the class yet.';
    if (this.#player.live)
      return 'A class follows a finished run: press End to run this one to its end (← and Home step back afterwards), then start the class.';
    return null;
  }

  /** True while the run on screen is the one the class shows. */
  get showsClassRun(): boolean {
    return this.#run !== null && this.#player.run === this.#run;
  }

  /** Stores the run, opens a class at the current step, and starts following the count. */
  async start(): Promise<void> {
    const run = this.#player.run;
    if (this.blocker || !run || this.working) return;
    this.problem = '';
    this.working = 'Starting the class…';
    try {
      const step = this.#player.step;
      const { payload } = await permalinkUrl(run, step, location.origin);
      const stored = await requestShortLink(payload, step, this.#fetch);
      if (!stored.ok) throw new Error(stored.message);
      const runId = /\/r\/([a-z2-7]+)\?/.exec(stored.url)?.[1] ?? '';
      if (await this.#rejoin(run, runId, step)) return;
      const answer = await this.#post('/api/classes', { runId, step });
      const { code, teacherToken, url } = answer as {
        code?: unknown;
        teacherToken?: unknown;
        url?: unknown;
      };
      if (typeof code !== 'string' || typeof teacherToken !== 'string' || typeof url !== 'string')
        throw new Error('The server answered something that is not a class.');
      try {
        this.#storage()?.setItem(tokenKey(code), teacherToken);
        this.#storage()?.setItem(CURRENT_KEY, JSON.stringify({ code, url, runId }));
      } catch {
        // storage full or refused: the token lives in this page only, which still works
      }
      this.#open(run, { code, url }, teacherToken, step);
    } catch (error) {
      this.problem = `The class could not be started: ${(error as Error).message}`;
    } finally {
      this.working = '';
    }
  }

  /**
   * The class this tab started on the same run, if it is still open: a reload of the
   * teacher's page (or presenter mode turned off and on) takes it up again rather than
   * opening another. Its token proves it: a move to the current step with it must succeed.
   */
  async #rejoin(run: Run, runId: string, step: number): Promise<boolean> {
    let kept: { code?: unknown; url?: unknown; runId?: unknown } | null = null;
    let token: string | null = null;
    try {
      kept = JSON.parse(this.#storage()?.getItem(CURRENT_KEY) ?? 'null');
      if (typeof kept?.code === 'string')
        token = this.#storage()?.getItem(tokenKey(kept.code)) ?? null;
    } catch {
      return false;
    }
    const { code, url } = kept ?? {};
    if (!token || kept?.runId !== runId || typeof code !== 'string' || typeof url !== 'string')
      return false;
    this.#token = token;
    try {
      await this.#post(`/api/classes/${encodeURIComponent(code)}/step`, { step }, true);
    } catch {
      // ended, expired, or not this server's: a new class it is
      this.#token = '';
      return false;
    }
    this.#open(run, { code, url }, token, step);
    return true;
  }

  /** The class is on: its steps go out from now on, and its stream brings the count. */
  #open(run: Run, session: ClassSession, token: string, step: number): void {
    this.#run = run;
    this.#token = token;
    this.sentStep = step;
    this.followers = 0;
    this.session = session;
    this.stream = new ClassStream(
      `/api/classes/${encodeURIComponent(session.code)}/events?role=teacher`,
      (event) => {
        if (event.type === 'followers') this.followers = event.count;
        if (event.type === 'end') this.#forget();
      },
      this.#openStream
    );
    this.stream.start();
  }

  /**
   * The teacher's step changed (called by the page on every change): sends it after a short
   * pause, so a held key sends the last step only. Never waits for the server.
   */
  stepped(): void {
    if (!this.session || !this.showsClassRun) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#send();
    }, SEND_DEBOUNCE_MS);
  }

  /** Ends the class for everyone and forgets its token. */
  async end(): Promise<void> {
    const session = this.session;
    if (!session || this.working) return;
    this.working = 'Ending the class…';
    this.problem = '';
    try {
      await this.#post(`/api/classes/${encodeURIComponent(session.code)}/end`, {}, true);
      this.#forget();
    } catch (error) {
      this.problem = `The class could not be ended: ${(error as Error).message}`;
    } finally {
      this.working = '';
    }
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.stream?.stop();
    this.#cleanup();
  }

  async #send(): Promise<void> {
    const session = this.session;
    if (!session) return;
    // one request at a time; the step taken meanwhile is sent when it returns
    if (this.#sending) return;
    const step = this.#player.step;
    if (step === this.sentStep) return;
    this.#sending = true;
    try {
      await this.#post(`/api/classes/${encodeURIComponent(session.code)}/step`, { step }, true);
      if (this.session !== session) return;
      this.sentStep = step;
      this.problem = '';
    } catch (error) {
      if (this.session !== session) return;
      this.problem = `The class did not get step ${step}: ${(error as Error).message} Trying again…`;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#send();
      }, RESEND_MS);
      return;
    } finally {
      this.#sending = false;
    }
    if (this.#player.step !== this.sentStep && this.showsClassRun) void this.#send();
  }

  async #post(path: string, body: unknown, withToken = false): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (withToken) headers[TEACHER_TOKEN_HEADER] = this.#token;
    let response: Response;
    try {
      response = await this.#fetch(path, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(8_000)
      });
    } catch {
      throw new Error('the server could not be reached.');
    }
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      // not our API (a static host, a proxy's error page)
    }
    if (response.ok) return answer;
    const message = (answer as { message?: unknown } | null)?.message;
    throw new Error(typeof message === 'string' ? message : 'this server does not run classes.');
  }

  #forget(): void {
    const session = this.session;
    if (session) {
      try {
        this.#storage()?.removeItem(tokenKey(session.code));
        this.#storage()?.removeItem(CURRENT_KEY);
      } catch {
        // nothing kept to remove
      }
    }
    this.stream?.stop();
    this.stream = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.session = null;
    this.#run = null;
    this.#token = '';
    this.sentStep = null;
    this.followers = 0;
  }
}
