import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { CLASS_CODE_PATTERN, CLASS_QUIET_HOURS } from '$lib/core/share/class-session';
import { migrate, sqlRunStore } from './run-store';
import {
  PRESENCE_SECONDS,
  hashToken,
  newClassCode,
  newTeacherToken,
  sqlClassStore,
  tokenMatches,
  type ClassStore
} from './classes';

// The class store's contract against PGlite in memory (PostgreSQL runs the same SQL). One
// database for the file: starting PGlite takes seconds on a busy machine.
let db: PGlite;
let classes: ClassStore;
let runId: string;
beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db);
  classes = sqlClassStore(db);
  ({ id: runId } = await sqlRunStore(db, async () => undefined).put('{"version":3}'));
}, 60_000);
afterAll(() => db.close());

/** Makes the class look `hours` older than it is (the database's clock decides expiry). */
const age = (code: string, hours: number) =>
  db.query(
    `UPDATE classes SET updated_at = updated_at - make_interval(hours => $2), created_at = created_at - make_interval(hours => $2) WHERE code = $1`,
    [code, hours]
  );

describe('the teacher token', () => {
  it('is 32 random bytes; only its SHA-256 is kept, and only the token itself matches', () => {
    const token = newTeacherToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newTeacherToken()).not.toBe(token);
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(`${token}x`, hash)).toBe(false);
    expect(tokenMatches('', hash)).toBe(false);
    expect(tokenMatches(hash, hash)).toBe(false); // the hash is not a token
    expect(tokenMatches(token, 'not hex')).toBe(false);
  });
});

describe('the PGlite class store', () => {
  it('opens a class on a stored run, with a fresh code and a token it does not keep', async () => {
    const made = await classes.create(runId, 2);
    expect(made).not.toBeNull();
    const { state, token } = made!;
    expect(state).toEqual({ code: state.code, runId, step: 2, version: 1, status: 'open' });
    expect(state.code).toMatch(CLASS_CODE_PATTERN);
    expect(await classes.get(state.code)).toEqual(state);
    const { rows } = await db.query<{ token_hash: string }>(
      'SELECT token_hash FROM classes WHERE code = $1',
      [state.code]
    );
    expect(rows[0].token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('opens no class on a run that is not stored', async () => {
    expect(await classes.create('aaaaaaaaaaaa', 0)).toBeNull();
  });

  it('tries another code when one is taken', async () => {
    const taken = (await classes.create(runId, 0))!.state.code;
    const codes = [taken, taken, 'ZZZZZZ'];
    const store = sqlClassStore(db, () => codes.shift() ?? newClassCode());
    const made = await store.create(runId, 0);
    expect(made?.state.code).toBe('ZZZZZZ');
  });

  it('moves only with the teacher’s token, counting the moves', async () => {
    const { state, token } = (await classes.create(runId, 0))!;
    expect(await classes.move(state.code, 'a student guess', 5)).toEqual({
      ok: false,
      reason: 'forbidden'
    });
    expect((await classes.get(state.code))?.step).toBe(0);
    const moved = await classes.move(state.code, token, 5);
    expect(moved).toEqual({ ok: true, state: { ...state, step: 5, version: 2 } });
    expect(await classes.move(state.code, token, 3)).toMatchObject({
      ok: true,
      state: { step: 3, version: 3 }
    });
    expect(await classes.get(state.code)).toMatchObject({ step: 3, version: 3 });
  });

  it('answers missing for unknown codes and for anything that is not a code', async () => {
    expect(await classes.get('ZZZZZY')).toBeNull();
    expect(await classes.get("x' OR '1'='1")).toBeNull();
    expect(await classes.move('ZZZZZY', 't', 1)).toEqual({ ok: false, reason: 'missing' });
  });

  it('ends with the token: then it cannot move, and reads as ended', async () => {
    const { state, token } = (await classes.create(runId, 1))!;
    expect(await classes.end(state.code, 'wrong')).toEqual({ ok: false, reason: 'forbidden' });
    expect(await classes.end(state.code, token)).toMatchObject({ ok: true });
    expect(await classes.get(state.code)).toMatchObject({ status: 'ended', step: 1 });
    expect(await classes.move(state.code, token, 2)).toEqual({ ok: false, reason: 'closed' });
    expect(await classes.end(state.code, token)).toEqual({ ok: false, reason: 'closed' });
  });

  it(`expires after ${CLASS_QUIET_HOURS} hours without a step; a step keeps it open`, async () => {
    const { state, token } = (await classes.create(runId, 0))!;
    await age(state.code, CLASS_QUIET_HOURS - 1);
    expect(await classes.move(state.code, token, 1)).toMatchObject({ ok: true });
    await age(state.code, CLASS_QUIET_HOURS - 1);
    expect((await classes.get(state.code))?.status).toBe('open');
    await age(state.code, 2);
    expect((await classes.get(state.code))?.status).toBe('expired');
    expect(await classes.move(state.code, token, 2)).toEqual({ ok: false, reason: 'closed' });
  });

  it('counts the open students’ streams, not the stale ones of a dead instance', async () => {
    const { state } = (await classes.create(runId, 0))!;
    expect(await classes.followers(state.code)).toBe(0);
    await classes.join(state.code, 's1');
    await classes.join(state.code, 's2');
    await classes.join(state.code, 's3');
    expect(await classes.followers(state.code)).toBe(3);
    await classes.leave('s2');
    expect(await classes.followers(state.code)).toBe(2);
    // s3's instance died: its heartbeat stopped long ago
    await db.query(
      `UPDATE class_followers SET seen_at = now() - make_interval(secs => $2) WHERE stream_id = $1`,
      ['s3', PRESENCE_SECONDS + 1]
    );
    expect(await classes.followers(state.code)).toBe(1);
    await db.query(
      `UPDATE class_followers SET seen_at = now() - make_interval(secs => $2) WHERE stream_id = $1`,
      ['s1', PRESENCE_SECONDS - 10]
    );
    await classes.join(state.code, 's1'); // its heartbeat
    expect(await classes.followers(state.code)).toBe(1);
    // s1's page reconnects (a restart, another instance): still one follower
    await classes.join(state.code, 's1');
    expect(await classes.followers(state.code)).toBe(1);
    await classes.sweep();
    const { rows } = await db.query<{ stream_id: string }>(
      'SELECT stream_id FROM class_followers WHERE code = $1',
      [state.code]
    );
    expect(rows).toEqual([{ stream_id: 's1' }]);
  });

  it('sweeps classes a day after they ended, with their followers’ rows', async () => {
    const old = (await classes.create(runId, 0))!.state.code;
    const recent = (await classes.create(runId, 0))!.state.code;
    await classes.join(old, 'old-stream');
    await age(old, CLASS_QUIET_HOURS + 25);
    await age(recent, CLASS_QUIET_HOURS + 1);
    await classes.sweep();
    expect(await classes.get(old)).toBeNull();
    expect((await classes.get(recent))?.status).toBe('expired');
    const { rows } = await db.query("SELECT 1 FROM class_followers WHERE stream_id = 'old-stream'");
    expect(rows).toEqual([]);
  });
});
