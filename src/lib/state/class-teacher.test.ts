/**
 * The teacher's class in Node: Start stores the run and opens a class, the token goes in
 * session storage under that class only, steps are sent debounced (the last of a burst) and
 * again after a failure, the follower count comes from the teacher's stream, End forgets it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSources } from '$lib/testing/fake-event-source';
import { MemoryStorage } from '$lib/testing/memory-storage';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { lessonRuns } from '$lib/core/lessons/runs';
import type { Run } from '$lib/core/run/run';
import { TEACHER_TOKEN_HEADER } from '$lib/core/share/class-session';
import { ClassTeacher, RESEND_MS, SEND_DEBOUNCE_MS, tokenKey } from './class-teacher.svelte';

const run: Run = lessonRuns(lessonBySlug('sampling'))[0].run;
const TOKEN = 't'.repeat(43);

interface Call {
  path: string;
  body: Record<string, unknown>;
  token: string | undefined;
}

/** A server stand-in: stores runs, opens class K7P4QX, and answers moves as `moves` says. */
function server(moves: number[] = []) {
  const calls: Call[] = [];
  const fetcher = (async (path: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const call = {
      path,
      body: JSON.parse(String(init.body)) as Record<string, unknown>,
      token: headers[TEACHER_TOKEN_HEADER]
    };
    calls.push(call);
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' }
      });
    if (path === '/api/runs')
      return json(201, { id: 'abcdefghijkl', url: 'http://x/r/abcdefghijkl' });
    if (path === '/api/classes')
      return json(201, { code: 'K7P4QX', teacherToken: TOKEN, url: 'http://x/class/K7P4QX' });
    if (path.endsWith('/step')) {
      const status = moves.shift() ?? 200;
      return status === 200
        ? json(200, { step: call.body.step, version: 2 })
        : json(status, { message: 'Classes are not available on this server right now.' });
    }
    return json(200, { ended: true });
  }) as typeof fetch;
  return { calls, fetcher };
}

function player(step = 2) {
  return { run, step, live: false };
}

/** A teacher over `p` and a stand-in server, with its storage and event sources to look at. */
function teacherOf(p: ConstructorParameters<typeof ClassTeacher>[0], fetcher: typeof fetch) {
  const storage = new MemoryStorage();
  const sources = fakeSources();
  const teacher = new ClassTeacher(p, {
    fetch: fetcher,
    storage: () => storage as unknown as Storage,
    openStream: sources.open
  });
  return { teacher, storage, sources };
}

describe('ClassTeacher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { origin: 'http://x' });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('stores the run, opens a class at the current step and keeps the token for that class', async () => {
    const p = player(2);
    const { calls, fetcher } = server();
    const { teacher, storage, sources } = teacherOf(p, fetcher);
    await teacher.start();
    expect(calls.map((c) => c.path)).toEqual(['/api/runs', '/api/classes']);
    expect(calls[1].body).toEqual({ runId: 'abcdefghijkl', step: 2 });
    expect(teacher.session).toEqual({ code: 'K7P4QX', url: 'http://x/class/K7P4QX' });
    expect(storage.getItem(tokenKey('K7P4QX'))).toBe(TOKEN);
    expect(sources.made[0].url).toBe('/api/classes/K7P4QX/events?role=teacher');
    sources.made[0].emit('followers', { count: 3 });
    expect(teacher.followers).toBe(3);
    teacher.dispose();
  });

  it('sends the last step of a burst, with the token, and never waits in the player', async () => {
    const p = player(2);
    const { calls, fetcher } = server();
    const { teacher } = teacherOf(p, fetcher);
    await teacher.start();
    for (const step of [3, 4, 5]) {
      p.step = step;
      teacher.stepped();
    }
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(SEND_DEBOUNCE_MS);
    const moves = calls.slice(2);
    expect(moves).toEqual([{ path: '/api/classes/K7P4QX/step', body: { step: 5 }, token: TOKEN }]);
    expect(teacher.sentStep).toBe(5);
    teacher.dispose();
  });

  it('says when a step did not reach the class, and sends the latest step again', async () => {
    const p = player(2);
    const { calls, fetcher } = server([503]);
    const { teacher } = teacherOf(p, fetcher);
    await teacher.start();
    p.step = 3;
    teacher.stepped();
    await vi.advanceTimersByTimeAsync(SEND_DEBOUNCE_MS);
    expect(teacher.problem).toMatch(/^The class did not get step 3: Classes are not available/);
    p.step = 4;
    await vi.advanceTimersByTimeAsync(RESEND_MS);
    expect(calls.at(-1)?.body).toEqual({ step: 4 });
    expect(teacher.problem).toBe('');
    expect(teacher.sentStep).toBe(4);
    teacher.dispose();
  });

  it('will not start on a live run, and sends nothing once the run on screen changed', async () => {
    const p = { run, step: 1, live: true };
    const { calls, fetcher } = server();
    const { teacher } = teacherOf(p, fetcher);
    expect(teacher.blocker).toMatch(/^A class follows a finished run/);
    await teacher.start();
    expect(calls).toEqual([]);
    p.live = false;
    await teacher.start();
    p.run = { ...run };
    expect(teacher.showsClassRun).toBe(false);
    p.step = 5;
    teacher.stepped();
    await vi.advanceTimersByTimeAsync(SEND_DEBOUNCE_MS);
    expect(calls.map((c) => c.path)).toEqual(['/api/runs', '/api/classes']);
    teacher.dispose();
  });

  it('takes its class up again after a reload, on the same run, with the kept token', async () => {
    const { calls, fetcher } = server();
    const first = teacherOf(player(2), fetcher);
    await first.teacher.start();
    first.teacher.dispose(); // the page reloads: sessionStorage stays
    const p = player(4);
    const again = new ClassTeacher(p, {
      fetch: fetcher,
      storage: () => first.storage as unknown as Storage,
      openStream: fakeSources().open
    });
    await again.start();
    expect(calls.map((c) => c.path)).toEqual([
      '/api/runs',
      '/api/classes',
      '/api/runs',
      '/api/classes/K7P4QX/step'
    ]);
    expect(calls.at(-1)).toMatchObject({ body: { step: 4 }, token: TOKEN });
    expect(again.session?.code).toBe('K7P4QX');
    again.dispose();
  });

  it('opens a new class when the kept one is over', async () => {
    const { calls, fetcher } = server([410]);
    const first = teacherOf(player(2), fetcher);
    await first.teacher.start();
    first.teacher.dispose();
    const again = new ClassTeacher(player(3), {
      fetch: fetcher,
      storage: () => first.storage as unknown as Storage,
      openStream: fakeSources().open
    });
    await again.start();
    expect(calls.map((c) => c.path).slice(2)).toEqual([
      '/api/runs',
      '/api/classes/K7P4QX/step',
      '/api/classes'
    ]);
    expect(again.session).not.toBeNull();
    expect(again.problem).toBe('');
    again.dispose();
  });

  it('ends the class with the token and forgets it', async () => {
    const p = player(2);
    const { calls, fetcher } = server();
    const { teacher, storage, sources } = teacherOf(p, fetcher);
    await teacher.start();
    await teacher.end();
    expect(calls.at(-1)).toEqual({ path: '/api/classes/K7P4QX/end', body: {}, token: TOKEN });
    expect(teacher.session).toBeNull();
    expect(storage.getItem(tokenKey('K7P4QX'))).toBeNull();
    expect(sources.made[0].closed).toBe(true);
    teacher.dispose();
  });

  it('says why a class could not start when the server keeps no runs', async () => {
    const fetcher = (async () => new Response('Not found', { status: 404 })) as typeof fetch;
    const { teacher } = teacherOf(player(), fetcher);
    await teacher.start();
    expect(teacher.session).toBeNull();
    expect(teacher.problem).toBe(
      'The class could not be started: This server does not make short links.'
    );
    teacher.dispose();
  });
});
