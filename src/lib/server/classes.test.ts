/**
 * The class endpoints and event streams over a real PGlite (in memory) and its LISTEN/NOTIFY:
 * only the teacher's token moves a class; streams send the step on connect and each move,
 * count followers for the teacher, catch up a lost notification at the heartbeat, end with
 * the class, and are capped per instance. Also the SSE text itself.
 */
import type { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import {
  ClassHub,
  StreamCounter,
  classChannel,
  classEventStream,
  classEventText,
  sseComment,
  sseEvent,
  sseRetry,
  SHUTDOWN_EVENT,
  type StreamDeps
} from './class-events';
import { createClass, endClass, moveClass } from './class-routes';
import { rateLimiter } from './rate-limit';
import { sqlClassStore, type ClassStore } from './store/classes';
import { pgliteNotifier, type Notifier } from './store/notify';
import { migrate, sqlRunStore } from './store/run-store';

let db: PGlite;
let classes: ClassStore;
let notifier: Notifier;
let hub: ClassHub;
let runId: string;
/** what closed streams left running: awaited after each test, before the database closes */
const pending: Promise<unknown>[] = [];
const track = (work: Promise<unknown>) => void pending.push(work);
afterEach(async () => {
  while (pending.length) await Promise.all(pending.splice(0));
});
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db);
  classes = sqlClassStore(db);
  notifier = pgliteNotifier(db);
  hub = new ClassHub(async () => notifier, track);
  ({ id: runId } = await sqlRunStore(db, async () => undefined).put('{"version":3}'));
}, 60_000);
afterAll(() => db.close());

const store = async () => classes;
const down = async (): Promise<ClassStore> => {
  throw new Error('connection refused');
};

async function open(step = 0): Promise<{ code: string; token: string }> {
  const answer = await createClass({
    contentType: 'application/json',
    readText: async () => JSON.stringify({ runId, step }),
    client: 'c',
    origin: 'http://school.example',
    limiter: rateLimiter(1000, 60_000),
    store
  });
  expect(answer.status).toBe(201);
  const { code, teacherToken } = answer.body as { code: string; teacherToken: string };
  return { code, token: teacherToken };
}

const move = (code: string, token: string | null, step: unknown) =>
  moveClass({
    code,
    token,
    contentType: 'application/json',
    readText: async () => JSON.stringify({ step }),
    store,
    hub
  });

/** Reads Server-Sent Events off a response, one at a time (comments are events too here). */
function events(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<Record<string, string>> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            const [name, ...rest] = line.split(': ');
            fields[name] =
              fields[name] === undefined ? rest.join(': ') : `${fields[name]}\n${rest.join(': ')}`;
          }
          return fields;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended (left: ${JSON.stringify(buffer)})`);
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** the stream's next event that is not a heartbeat comment */
    async event(): Promise<Record<string, string>> {
      for (;;) {
        const e = await this.next();
        if (e[''] === undefined) return e;
      }
    },
    async ended(): Promise<boolean> {
      for (;;) {
        const { done } = await reader.read();
        if (done) return true;
      }
    },
    cancel: () => reader.cancel()
  };
}

function deps(more: Partial<StreamDeps> = {}): StreamDeps {
  return {
    store,
    hub,
    counter: new StreamCounter(),
    onShutdown: () => () => undefined,
    track,
    ...more
  };
}

describe('Server-Sent Events as text', () => {
  it('writes the name, the id and one data line per line', () => {
    expect(sseEvent({ event: 'step', id: '7', data: '{"step":3}' })).toBe(
      'event: step\nid: 7\ndata: {"step":3}\n\n'
    );
    expect(sseEvent({ data: 'a\nb\r\nc' })).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(sseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(sseRetry(1500)).toBe('retry: 1500\n\n');
  });

  it('cannot be made to start another field by a line break in a name or an id', () => {
    expect(sseEvent({ event: 'step\ndata: x', id: '1\n', data: '' })).toBe(
      'event: step data: x\nid: 1 \ndata: \n\n'
    );
    expect(sseComment('a\n\nevent: end')).toBe(': a  event: end\n\n');
  });

  it('gives a step its version as id, so a browser reconnects with Last-Event-ID', () => {
    expect(classEventText({ type: 'step', step: 4, version: 9 })).toBe(
      'event: step\nid: 9\ndata: {"step":4,"version":9}\n\n'
    );
    expect(classEventText({ type: 'followers', count: 3 })).toBe(
      'event: followers\ndata: {"count":3}\n\n'
    );
    expect(classChannel('K7P4QX')).toBe('class_k7p4qx');
  });
});

describe('POST /api/classes', () => {
  const create = (body: string, type = 'application/json', limiter = rateLimiter(100, 60_000)) =>
    createClass({
      contentType: type,
      readText: async () => body,
      client: 'c',
      origin: 'http://school.example',
      limiter,
      store
    });

  it('opens a class on a stored run: its code, the teacher’s token, the students’ address', async () => {
    const answer = await create(JSON.stringify({ runId, step: 2 }));
    expect(answer.status).toBe(201);
    const { code, teacherToken, url } = answer.body as Record<string, string>;
    expect(url).toBe(`http://school.example/class/${code}`);
    expect(teacherToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await classes.get(code)).toMatchObject({ step: 2, status: 'open' });
  });

  it('refuses bad requests with a sentence', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['{"runId":"x","step":0}', 'application/json', 400, /store the run first/],
      [
        JSON.stringify({ runId: 'aaaaaaaaaaaa', step: 0 }),
        'application/json',
        404,
        /no stored run/
      ],
      [JSON.stringify({ runId, step: -1 }), 'application/json', 400, /whole number/],
      [JSON.stringify({ runId, step: '2' }), 'application/json', 400, /whole number/],
      ['not json', 'application/json', 400, /not a JSON object/],
      ['[1]', 'application/json', 400, /not a JSON object/],
      [JSON.stringify({ runId, step: 0 }), 'text/plain', 415, /JSON/],
      [
        JSON.stringify({ runId, step: 0, pad: 'x'.repeat(2000) }),
        'application/json',
        413,
        /too large/
      ]
    ];
    for (const [body, type, status, message] of cases) {
      const answer = await create(body, type);
      expect(answer.status, body.slice(0, 40)).toBe(status);
      expect(String(answer.body.message)).toMatch(message);
    }
  });

  it('is rate-limited per client, with Retry-After', async () => {
    const limiter = rateLimiter(1, 60_000);
    expect((await create(JSON.stringify({ runId, step: 0 }), undefined, limiter)).status).toBe(201);
    const again = await create(JSON.stringify({ runId, step: 0 }), undefined, limiter);
    expect(again.status).toBe(429);
    expect(again.headers?.['retry-after']).toBe('60');
  });

  it('answers 503 and a sentence when the database is down', async () => {
    const answer = await createClass({
      contentType: 'application/json',
      readText: async () => JSON.stringify({ runId, step: 0 }),
      client: 'c',
      origin: 'http://x',
      limiter: rateLimiter(10, 60_000),
      store: down
    });
    expect(answer.status).toBe(503);
    expect(String(answer.body.message)).toMatch(/not available/);
  });
});

describe('moving and ending a class', () => {
  it('only the teacher’s token moves it: a student, a guess or no token gets 403', async () => {
    const { code, token } = await open();
    for (const wrong of [null, '', 'guess', token.slice(1)]) {
      const answer = await move(code, wrong, 3);
      expect(answer.status).toBe(403);
      expect(answer.body.message).toBe("Only the teacher's browser can move this class.");
    }
    expect((await classes.get(code))?.step).toBe(0);
    expect(await move(code, token, 3)).toEqual({ status: 200, body: { step: 3, version: 2 } });
    expect(await move(code.toLowerCase(), token, 4)).toMatchObject({ status: 200 });
  });

  it('refuses a bad step, an unknown class and an ended one', async () => {
    const { code, token } = await open();
    expect((await move(code, token, 1.5)).status).toBe(400);
    expect((await move('ZZZZZY', token, 1)).status).toBe(404);
    expect((await move('../../etc', token, 1)).status).toBe(404);
    const wrongEnd = await endClass({ code, token: 'guess', store, hub });
    expect(wrongEnd.status).toBe(403);
    expect(await endClass({ code, token, store, hub })).toEqual({
      status: 200,
      body: { ended: true }
    });
    const late = await move(code, token, 2);
    expect(late.status).toBe(410);
    expect(late.body.message).toMatch(/This class has ended/);
  });
});

describe('a class’s event stream', () => {
  it('sends the current step at once, then each move, and ends with the class', async () => {
    const { code, token } = await open(2);
    const response = await classEventStream(code, 'student', deps());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('connection')).toBe('close');
    const stream = events(response);
    expect(await stream.next()).toEqual({ retry: '1500' });
    expect(await stream.event()).toEqual({
      event: 'step',
      id: '1',
      data: '{"step":2,"version":1}'
    });
    await move(code, token, 5);
    expect(await stream.event()).toEqual({
      event: 'step',
      id: '2',
      data: '{"step":5,"version":2}'
    });
    await endClass({ code, token, store, hub });
    expect(await stream.event()).toEqual({ event: 'end', data: '{"reason":"ended"}' });
    expect(await stream.ended()).toBe(true);
  });

  it('counts students (not the teacher) across their streams, for the teacher', async () => {
    const { code } = await open();
    const counter = new StreamCounter();
    const teacher = events(await classEventStream(code, 'teacher', deps({ counter })));
    await teacher.next(); // retry
    await teacher.event(); // step
    expect(await teacher.event()).toEqual({ event: 'followers', data: '{"count":0}' });
    const students = [];
    for (let i = 1; i <= 3; i++) {
      students.push(events(await classEventStream(code, 'student', deps({ counter }))));
      expect(await teacher.event()).toEqual({ event: 'followers', data: `{"count":${i}}` });
    }
    expect(counter.open).toBe(4);
    await students[0].cancel();
    expect(await teacher.event()).toEqual({ event: 'followers', data: '{"count":2}' });
    expect(counter.open).toBe(3);
    expect(await classes.followers(code)).toBe(2);
    for (const s of [teacher, ...students.slice(1)]) await s.cancel();
    expect(counter.open).toBe(0);
  });

  it('counts a page that reconnects once: its follower id is its own', async () => {
    const { code } = await open();
    const id = '0b5e3c4a-64f4-4c0e-9d0e-5b8f3c1f2a77';
    // the stream before a restart (its row kept), and the page's new one after it
    const before = events(await classEventStream(code, 'student', deps(), id));
    await before.next();
    await before.event(); // the step comes once the page is counted
    const after = events(await classEventStream(code, 'student', deps(), id));
    await after.next();
    await after.event();
    expect(await classes.followers(code)).toBe(1);
    // an id that is not one is replaced by a random one: another follower
    const odd = events(await classEventStream(code, 'student', deps(), "x' OR 1=1"));
    await odd.next();
    await odd.event();
    expect(await classes.followers(code)).toBe(2);
    for (const s of [before, after, odd]) await s.cancel();
  });

  it('catches up a lost notification at its heartbeat', async () => {
    const { code, token } = await open(0);
    const stream = events(await classEventStream(code, 'student', deps({ heartbeatMs: 50 })));
    await stream.next();
    await stream.event();
    // moved in the database without a NOTIFY (as if the notification were lost)
    expect(await classes.move(code, token, 7)).toMatchObject({ ok: true });
    expect(await stream.next()).toEqual({ '': 'heartbeat' });
    expect(await stream.event()).toEqual({
      event: 'step',
      id: '2',
      data: '{"step":7,"version":2}'
    });
    await stream.cancel();
  });

  it('listens once per class on an instance, and stops when its last stream goes', async () => {
    const { code } = await open();
    const before = hub.size;
    const a = events(await classEventStream(code, 'student', deps()));
    const b = events(await classEventStream(code, 'student', deps()));
    await a.next();
    await b.next();
    expect(hub.size).toBe(before + 1);
    await a.cancel();
    expect(hub.size).toBe(before + 1);
    await b.cancel();
    expect(hub.size).toBe(before);
  });

  it('refuses past the per-instance cap, an unknown class, and a database that is down', async () => {
    const { code } = await open();
    const counter = new StreamCounter(1);
    const first = events(await classEventStream(code, 'student', deps({ counter })));
    const over = await classEventStream(code, 'student', deps({ counter }));
    expect(over.status).toBe(503);
    expect(await over.text()).toMatch(/as many classes as it can/);
    await first.cancel();
    expect(counter.open).toBe(0);
    const unknown = await classEventStream('ZZZZZY', 'student', deps({ counter }));
    expect(unknown.status).toBe(404);
    const broken = await classEventStream(code, 'student', deps({ counter, store: down }));
    expect(broken.status).toBe(503);
    expect(counter.open).toBe(0);
  });

  it("ends many streams on the process's shutdown event through one listener", async () => {
    const { code } = await open();
    const before = process.listenerCount(SHUTDOWN_EVENT);
    const streams = [];
    for (let i = 0; i < 12; i++) {
      const stream = events(
        await classEventStream(code, 'student', { ...deps(), onShutdown: undefined })
      );
      await stream.next();
      streams.push(stream);
    }
    // Node warns of a leak past ten listeners: twelve students must not make it.
    expect(process.listenerCount(SHUTDOWN_EVENT)).toBe(before + 1);
    (process as unknown as EventEmitter).emit(SHUTDOWN_EVENT);
    for (const stream of streams) expect(await stream.ended()).toBe(true);
    expect(process.listenerCount(SHUTDOWN_EVENT)).toBe(before);
  });

  it('ends every stream when the server shuts down (their browsers reconnect)', async () => {
    const { code } = await open();
    let shutdown: () => void = () => undefined;
    const stream = events(
      await classEventStream(
        code,
        'student',
        deps({
          onShutdown: (close) => {
            shutdown = close;
            return () => undefined;
          }
        })
      )
    );
    await stream.next();
    await stream.event();
    shutdown();
    expect(await stream.ended()).toBe(true);
    // and a reconnect that reaches the server meanwhile is refused, on a connection that closes
    const counter = new StreamCounter();
    counter.draining = true;
    const late = await classEventStream(code, 'student', deps({ counter }));
    expect(late.status).toBe(503);
    expect(late.headers.get('connection')).toBe('close');
    expect(await late.text()).toMatch(/restarting/);
    expect(counter.open).toBe(0);
  });
});
