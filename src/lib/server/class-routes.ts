/**
 * The class endpoints as functions of the request's parts (tested without a server), as
 * short-links.ts does for `POST /api/runs`:
 *
 * - `POST /api/classes` `{ runId, step }` → 201 `{ code, teacherToken, url }`: opens a class
 *   on a run already stored by `POST /api/runs` (the teacher's page stores it first);
 * - `POST /api/classes/<code>/step` `{ step }`, with the teacher's token in the
 *   `x-class-token` header → 200 `{ step, version }`; anyone else gets 403 and a sentence;
 * - `POST /api/classes/<code>/end`, with the token → 200; the students' pages say so.
 *
 * A move is written to the database first and then announced (NOTIFY): a lost announcement
 * only delays the students until their stream's next heartbeat re-reads the class.
 */
import {
  CLASS_QUIET_HOURS,
  isClassStep,
  normalizeClassCode,
  type ClassEvent
} from '$lib/core/share/class-session';
import type { ClassHub } from './class-events';
import type { RateLimiter } from './rate-limit';
import type { ClassChange, ClassState, ClassStore } from './store/classes';
import { ID_PATTERN } from './store/run-store';

/** What an endpoint answers: a status, a JSON body, and headers. */
export interface ClassResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Said when the database cannot be reached. */
export const NO_CLASSES =
  'Classes are not available on this server right now: share the run with its link instead.';

/** The most characters a class request's body may have: two numbers and an id. */
const MAX_BODY_CHARS = 1_000;

const say = (status: number, message: string, headers?: Record<string, string>) => ({
  status,
  body: { message },
  headers
});

/** Reads a small JSON object body, or says what is wrong with it. */
async function readBody(request: {
  contentType: string | null;
  readText: () => Promise<string>;
}): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; answer: ClassResponse }> {
  if (!/^application\/json\b/i.test(request.contentType ?? '')) {
    return { ok: false, answer: say(415, 'Send the request as JSON.') };
  }
  let text: string;
  try {
    text = await request.readText();
  } catch {
    return { ok: false, answer: say(400, 'The request body could not be read.') };
  }
  if (text.length > MAX_BODY_CHARS) {
    return { ok: false, answer: say(413, 'The request is too large for a class.') };
  }
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return { ok: true, body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { ok: false, answer: say(400, 'The request body is not a JSON object.') };
}

const NOT_A_STEP = 'The step must be a whole number from 0.';

/** Opens a class on a stored run. Never throws. */
export async function createClass(request: {
  contentType: string | null;
  readText: () => Promise<string>;
  client: string;
  origin: string;
  limiter: RateLimiter;
  store: () => Promise<ClassStore>;
}): Promise<ClassResponse> {
  const allowed = request.limiter.take(request.client);
  if (!allowed.ok) {
    const wait = allowed.retryAfterSeconds;
    return say(429, `Too many classes from this address: try again in ${wait} s.`, {
      'retry-after': String(wait)
    });
  }
  const read = await readBody(request);
  if (!read.ok) return read.answer;
  const { runId, step } = read.body;
  if (typeof runId !== 'string' || !ID_PATTERN.test(runId)) {
    return say(400, 'The request has no run id: store the run first (POST /api/runs).');
  }
  if (!isClassStep(step)) return say(400, NOT_A_STEP);
  try {
    const store = await request.store();
    const made = await store.create(runId, step);
    if (!made) return say(404, 'There is no stored run with this id: store the run first.');
    const { code } = made.state;
    return {
      status: 201,
      body: { code, teacherToken: made.token, url: `${request.origin}/class/${code}` }
    };
  } catch (error) {
    console.error(`A class could not be opened: ${(error as Error).message}`);
    return say(503, NO_CLASSES);
  }
}

/** The answer to a refused move or end. */
function refused(change: Extract<ClassChange, { ok: false }>): ClassResponse {
  switch (change.reason) {
    case 'missing':
      return say(404, 'There is no class with this code.');
    case 'forbidden':
      return say(403, "Only the teacher's browser can move this class.");
    case 'closed':
      return say(
        410,
        `This class has ended (a class ends when the teacher ends it, or after ${CLASS_QUIET_HOURS} hours without a step).`
      );
  }
}

/** What the teacher's requests carry: the class's code, the token header, the app's parts. */
interface TeacherRequest {
  code: string;
  token: string | null;
  store: () => Promise<ClassStore>;
  hub: ClassHub;
}

/**
 * A change only the teacher may make: `change` runs with the class's code and the token, and
 * its event is announced to the class's streams. Never throws.
 */
async function asTeacher(
  request: TeacherRequest,
  verb: string,
  change: (store: ClassStore, code: string, token: string) => Promise<ClassChange>,
  answer: (state: ClassState) => { event: ClassEvent; body: Record<string, unknown> }
): Promise<ClassResponse> {
  const code = normalizeClassCode(request.code);
  if (!code) return refused({ ok: false, reason: 'missing' });
  if (!request.token) return refused({ ok: false, reason: 'forbidden' });
  let changed: ClassChange;
  try {
    changed = await change(await request.store(), code, request.token);
  } catch (error) {
    console.error(`A class could not be ${verb}: ${(error as Error).message}`);
    return say(503, NO_CLASSES);
  }
  if (!changed.ok) return refused(changed);
  const { event, body } = answer(changed.state);
  await announce(request.hub, code, event);
  return { status: 200, body };
}

/** Moves a class to a step, with the teacher's token. Never throws. */
export async function moveClass(
  request: TeacherRequest & { contentType: string | null; readText: () => Promise<string> }
): Promise<ClassResponse> {
  const read = await readBody(request);
  if (!read.ok) return read.answer;
  const { step } = read.body;
  if (!isClassStep(step)) return say(400, NOT_A_STEP);
  return asTeacher(
    request,
    'moved',
    (store, code, token) => store.move(code, token, step),
    ({ version }) => ({ event: { type: 'step', step, version }, body: { step, version } })
  );
}

/** Ends a class, with the teacher's token. Never throws. */
export function endClass(request: TeacherRequest): Promise<ClassResponse> {
  return asTeacher(
    request,
    'ended',
    (store, code, token) => store.end(code, token),
    () => ({ event: { type: 'end', reason: 'ended' }, body: { ended: true } })
  );
}

/** NOTIFY the class's streams; a failure is logged (their heartbeat catches up). */
async function announce(hub: ClassHub, code: string, event: ClassEvent): Promise<void> {
  try {
    await hub.publish(code, event);
  } catch (error) {
    console.error(`A class's streams were not told at once: ${(error as Error).message}`);
  }
}
