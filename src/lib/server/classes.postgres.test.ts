/**
 * A class across two server instances on one PostgreSQL (when TEST_DATABASE_URL is set, as
 * `.ci/run` does): a move made through one instance reaches a student's stream on the other
 * through LISTEN/NOTIFY, and the teacher's follower count adds up both instances' students.
 * Each run works in a schema of its own, dropped at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { ClassHub, StreamCounter, classEventStream, type StreamDeps } from './class-events';
import { moveClass } from './class-routes';
import { sqlClassStore } from './store/classes';
import { openPostgres } from './store/postgres';
import type { Database } from './store/run-store';

const URL = process.env.TEST_DATABASE_URL ?? '';
const schema = `acl_test_class_${randomBytes(6).toString('hex')}`;

/** Runs one statement as a short-lived client (creating and dropping the run's schema). */
async function admin(sql: string) {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** Reads the data of the next named event off a stream (comments and `retry:` skipped). */
function nextEvents(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<string> {
      for (;;) {
        const match = /event: (\w+)\n(?:id: \d+\n)?data: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return `${match[1]} ${match[2]}`;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel()
  };
}

describe.skipIf(!URL)('a class on PostgreSQL, over two instances', () => {
  const instances: { db: Database; deps: StreamDeps }[] = [];
  const pending: Promise<unknown>[] = [];
  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
    for (let i = 0; i < 2; i++) {
      const db = await openPostgres({ url: URL, schema });
      const classes = sqlClassStore(db.sql);
      const track = (work: Promise<unknown>) => void pending.push(work);
      const deps: StreamDeps = {
        store: async () => classes,
        hub: new ClassHub(async () => db.notifier, track),
        counter: new StreamCounter(),
        onShutdown: () => () => undefined,
        track
      };
      instances.push({ db, deps });
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pending);
    for (const { db } of instances) await db.close();
    await admin(`DROP SCHEMA ${schema} CASCADE`);
  });

  it('moves through one instance and reaches the students of the other', async () => {
    const [a, b] = instances;
    const { id } = await a.db.store.put('{"version":3}');
    const made = (await (await a.deps.store()).create(id, 1))!;
    const code = made.state.code;
    const teacher = nextEvents(await classEventStream(code, 'teacher', a.deps));
    expect(await teacher.next()).toBe('step {"step":1,"version":1}');
    expect(await teacher.next()).toBe('followers {"count":0}');
    const onA = nextEvents(await classEventStream(code, 'student', a.deps));
    const onB = nextEvents(await classEventStream(code, 'student', b.deps));
    expect(await onA.next()).toBe('step {"step":1,"version":1}');
    expect(await onB.next()).toBe('step {"step":1,"version":1}');
    // the teacher (on instance A) hears both students, one of them on instance B
    expect(await teacher.next()).toBe('followers {"count":1}');
    expect(await teacher.next()).toBe('followers {"count":2}');
    const moved = await moveClass({
      code,
      token: made.token,
      contentType: 'application/json',
      readText: async () => '{"step":4}',
      store: a.deps.store,
      hub: a.deps.hub
    });
    expect(moved.status).toBe(200);
    expect(await onB.next()).toBe('step {"step":4,"version":2}');
    expect(await onA.next()).toBe('step {"step":4,"version":2}');
    for (const s of [teacher, onA, onB]) await s.cancel();
  }, 30_000);
});
