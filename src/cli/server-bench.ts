/**
 * `npm run bench:server` (src/cli/bench-server.js runs this file): short links served by
 * `node build`, on PGlite (the default) and on PostgreSQL, in one run: links created per
 * second (POST /api/runs), links read per second (GET /api/runs/<id>, the run a short link's
 * page fetches, answered by the server's fast path, `run-read.js`; and GET /r/<id>, the page
 * rendered by SvelteKit), each with p50/p99 latency, and PostgreSQL's rate over PGlite's.
 * For scale, the same run read through SvelteKit's endpoint (its id's first letter
 * percent-encoded, which the fast path leaves to Kit), and a Kit data request that asks no
 * store (`/r/not-an-id/__data.json`, the root layout's data). Run reads are reported cold
 * (each id's first read: the database) and warm (the same ids again: the server's cache of
 * runs), apart; RUN_CACHE_CHARS=0 runs the server without it.
 * BENCH_CPU_PROF=<dir> profiles the servers (`node --cpu-prof`), one file per store.
 *
 * It builds nothing: it starts the build in build/ (run `npm run build` first), once per store,
 * one after the other on a private port (BENCH_PORT, default 4395), on 127.0.0.1 only. PGlite
 * gets a temporary DATA_DIR; PostgreSQL is BENCH_DATABASE_URL or TEST_DATABASE_URL (skipped,
 * with a sentence, if neither is set), in a schema of its own created for the run and dropped
 * after, so the database is left as it was. The server gets RATE_LIMIT_PER_MINUTE=10000000:
 * the bench is one client creating thousands of links.
 *
 * The runs are the MCTS lesson's run as its page starts it (scripted, no events recorded yet:
 * about 1.6 KB of payload; a finished run is 3–5 KB), each copy with its own seed so each is
 * a new link, encoded as the Share dialog sends them (the permalink payload).
 *
 * The load is plain node:http with keep-alive and a fixed number of requests in flight
 * (BENCH_CONCURRENCY, default 16), not autocannon: no dependency for one loop, and every
 * request's latency is kept exactly for the percentiles. Counts are fixed (BENCH_LINKS new
 * links, default 2000; BENCH_READS reads of each kind, default 10000), so a run is bounded.
 * The client shares the machine's two cores with the server: the rates are the pair's.
 *
 * Then, per store, one class of 200 followers (`followers()`): the time from the teacher's
 * step to each follower's event and to the last follower's, p50/p99.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseLessons } from '../lib/core/lessons/load';
import { lessonRuns } from '../lib/core/lessons/runs';
import { encodeRun } from '../lib/core/share/permalink';

const BUILD = new URL('../../build/index.js', import.meta.url).pathname;
const PORT = Number(process.env.BENCH_PORT ?? 4395);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LINKS = Number(process.env.BENCH_LINKS ?? 2000);
const READS = Number(process.env.BENCH_READS ?? 10000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || '';
/** RUN_CACHE_CHARS=0 reaches the server too (it inherits this environment): no cache of runs. */
const cacheOff = process.env.RUN_CACHE_CHARS?.trim() === '0';

if (!existsSync(BUILD)) {
  console.error('No build found: run `npm run build` first (the bench starts build/, as shipped).');
  process.exit(1);
}

/** `count` permalink payloads of lesson `slug`'s run, each a different run. */
async function benchPayloads(count: number, slug = 'mcts'): Promise<string[]> {
  const sources = readdirSync('lessons')
    .filter((folder) => /^\d{2}-/.test(folder))
    .map((folder) => {
      const dir = join('lessons', folder);
      const files = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
      return { folder, files: Object.fromEntries(files) };
    });
  const lesson = parseLessons(sources).find((l) => l.slug === slug);
  if (!lesson) throw new Error(`There is no lesson ${slug}.`);
  const run = lessonRuns(lesson)[0].run;
  const payloads: string[] = [];
  for (let seed = 1; seed <= count; seed++) payloads.push(await encodeRun({ ...run, seed }));
  return payloads;
}

/** `node build` with `env`, on PORT; resolves once it listens. */
async function startServer(env: Record<string, string>) {
  // BENCH_CPU_PROF=<dir>: each server writes a V8 CPU profile there as it exits (for DevTools)
  const profile = process.env.BENCH_CPU_PROF;
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, BUILD] : [BUILD];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: '',
      ...env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      RATE_LIMIT_PER_MINUTE: '10000000'
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (text) => String(text).includes('Listening') && resolve(undefined));
    child.once('exit', (code) => reject(new Error(`node build exited with ${code}`)));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      })
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}
interface Response {
  status: number;
  body: string;
}

/** One request; resolves with its status and body. */
function request({ method, path, body }: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method,
        path,
        agent,
        headers: body
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : {}
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() })
        );
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Measure {
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
  responses: Response[];
}

/**
 * Sends `count` requests, CONCURRENCY at a time (`make(i)` gives the i-th one), and answers
 * the rate, the latencies' p50 and p99 in ms, the statuses seen, and the responses.
 */
async function load(count: number, make: (i: number) => Request): Promise<Measure> {
  const latencies = new Float64Array(count);
  const statuses = new Map<number, number>();
  const responses: Response[] = new Array(count);
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const response = await request(make(i));
      latencies[i] = performance.now() - t;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      responses[i] = response;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort();
  const at = (q: number) => latencies[Math.min(count - 1, Math.ceil(q * count) - 1)];
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99), statuses, responses };
}

/** A run's read, as a short link's page fetches it: the server's fast path answers it. */
const runPath = (id: string) => `/api/runs/${id}`;
/**
 * The same read through SvelteKit's endpoint: the fast path takes only an id spelled out, so
 * a percent-encoded first letter goes on to Kit, which decodes it (the same answer).
 */
const runPathViaKit = (id: string) => `/api/runs/%${id.charCodeAt(0).toString(16)}${id.slice(1)}`;
/**
 * A Kit request that asks no store: a data request of a short link's page, which has no
 * server load of its own (the root layout's data: the lessons' list and the theme), for an
 * id that cannot exist. What the server spends on any Kit request without the database.
 */
const NO_STORE_PATH = '/r/not-an-id/__data.json';

/** The measures of one store, in the order they run. */
type Measured = Record<'created' | 'cold' | 'warm' | 'viaKit' | 'page' | 'floor', Measure>;

/**
 * Runs the measurements against the server on PORT. The server keeps the runs it has read in
 * memory (`run-cache.ts`), so data reads are measured twice: cold, each id's first read, which
 * asks the database; then warm, the same ids again, answered from the server's cache (unless
 * RUN_CACHE_CHARS=0 turns it off, when every read asks the database).
 */
async function measure(payloads: string[]): Promise<Measured> {
  // The store opens in the background as the server starts: the first link waits for it.
  const first = await request({
    method: 'POST',
    path: '/api/runs',
    body: JSON.stringify({ run: payloads[0] })
  });
  if (first.status !== 201) throw new Error(`The first link failed: ${first.status} ${first.body}`);
  const created = await load(LINKS, (i) => ({
    method: 'POST',
    path: '/api/runs',
    body: JSON.stringify({ run: payloads[i + 1] })
  }));
  const ids: string[] = created.responses.map((r) => JSON.parse(r.body).id);
  // Warm the read routes (their modules load on first use) before timing them, on ids the
  // cold reads leave out.
  const warmup = ids.slice(0, Math.min(200, Math.floor(ids.length / 2)));
  const rest = ids.slice(warmup.length);
  await load(warmup.length, (i) => ({ method: 'GET', path: `/r/${warmup[i]}` }));
  await load(warmup.length, (i) => ({ method: 'GET', path: runPath(warmup[i]) }));
  await load(warmup.length, (i) => ({ method: 'GET', path: runPathViaKit(warmup[i]) }));
  await load(warmup.length, () => ({ method: 'GET', path: NO_STORE_PATH }));
  const cold = await load(rest.length, (i) => ({ method: 'GET', path: runPath(rest[i]) }));
  const pick = (i: number) => ids[(i * 7919) % ids.length];
  const warm = await load(READS, (i) => ({ method: 'GET', path: runPath(pick(i)) }));
  const viaKit = await load(READS, (i) => ({ method: 'GET', path: runPathViaKit(pick(i)) }));
  const page = await load(READS, (i) => ({ method: 'GET', path: `/r/${pick(i)}?step=3` }));
  const floor = await load(READS, () => ({ method: 'GET', path: NO_STORE_PATH }));
  return { created, cold, warm, viaKit, page, floor };
}

interface FollowerMeasure {
  followers: number;
  moves: number;
  /** per move, the time until the last follower had it (ms) */
  last: { p50: number; p99: number };
  /** every follower's every move (ms) */
  each: { p50: number; p99: number };
  missed: number;
}

const quantile = (sorted: Float64Array | number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * One class of FOLLOWERS students (BENCH_FOLLOWERS, default 200), each an open event stream as
 * a student's page holds it; the teacher moves BENCH_MOVES times (default 30), one move after
 * the last follower has the one before. For each move: the time from sending the teacher's
 * step until each follower's stream carried it, and until the last one did. A move a follower
 * has not seen within 10 s counts as missed. The streams are plain HTTP, parsed here.
 */
async function followers(runId: string): Promise<FollowerMeasure> {
  const followerCount = Number(process.env.BENCH_FOLLOWERS ?? 200);
  const moves = Number(process.env.BENCH_MOVES ?? 30);
  const made = await request({
    method: 'POST',
    path: '/api/classes',
    body: JSON.stringify({ runId, step: 0 })
  });
  if (made.status !== 201) throw new Error(`No class: ${made.status} ${made.body}`);
  const { code, teacherToken } = JSON.parse(made.body) as { code: string; teacherToken: string };
  /** the latest step each follower's stream carried, and when */
  const seen: { step: number; at: number }[] = [];
  const waiters = new Set<() => void>();
  const streams: http.ClientRequest[] = [];
  for (let i = 0; i < followerCount; i++) {
    seen.push({ step: -1, at: 0 });
    const req = http.get(
      {
        host: '127.0.0.1',
        port: PORT,
        path: `/api/classes/${code}/events?follower=${randomUUID()}`,
        agent: false
      },
      (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!/^event: step$/m.test(block)) continue;
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!data) continue;
            seen[i] = { step: (JSON.parse(data) as { step: number }).step, at: performance.now() };
            for (const wake of waiters) wake();
          }
        });
      }
    );
    req.on('error', () => undefined); // closed at the end
    streams.push(req);
  }
  /** Resolves once every follower has `step`, or after 10 s. */
  const everyoneHas = (step: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (seen.every((s) => s.step === step)) done();
      };
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(done, 10_000);
      waiters.add(check);
      check();
    });
  await everyoneHas(0);
  const last: number[] = [];
  const each: number[] = [];
  let missed = 0;
  for (let step = 1; step <= moves; step++) {
    const sent = performance.now();
    const answer = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ step });
      const req = http.request(
        {
          host: '127.0.0.1',
          port: PORT,
          method: 'POST',
          path: `/api/classes/${code}/step`,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-class-token': teacherToken
          }
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
      );
      req.on('error', reject);
      req.end(body);
    });
    if (answer !== 200) throw new Error(`The teacher's step ${step} answered ${answer}.`);
    await everyoneHas(step);
    const arrivals = seen.filter((s) => s.step === step).map((s) => s.at - sent);
    missed += followerCount - arrivals.length;
    each.push(...arrivals);
    if (arrivals.length) last.push(Math.max(...arrivals));
  }
  for (const req of streams) req.destroy();
  last.sort((a, b) => a - b);
  each.sort((a, b) => a - b);
  return {
    followers: followerCount,
    moves,
    last: { p50: quantile(last, 0.5), p99: quantile(last, 0.99) },
    each: { p50: quantile(each, 0.5), p99: quantile(each, 0.99) },
    missed
  };
}

/** The measurements, then the class on a link the first measurement made. */
async function measureAll(payloads: string[]) {
  const measured = await measure(payloads);
  const runId = (JSON.parse(measured.created.responses[0].body) as { id: string }).id;
  return { ...measured, followers: await followers(runId) };
}

/** A schema of its own in the PostgreSQL database, for one run; `drop` removes it. */
async function benchSchema(url: string) {
  const name = `acl_bench_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE SCHEMA ${name}`);
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${name}`);
  return { url: withSchema.toString(), drop: () => run(`DROP SCHEMA ${name} CASCADE`) };
}

// A PostgreSQL that is down is found before minutes of PGlite measuring, and said plainly.
if (DATABASE_URL) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    console.error(
      `PostgreSQL at ${new URL(DATABASE_URL).host} did not answer (${(error as Error).message}). ` +
        'Start it (`bash .ci/postgres`) or unset BENCH_DATABASE_URL and TEST_DATABASE_URL.'
    );
    process.exit(1);
  }
}

const payloads = await benchPayloads(LINKS + 1);
const bytes = payloads.reduce((sum, p) => sum + p.length, 0) / payloads.length;
console.log(
  `bench:server — ${LINKS} new links, then ${READS} reads of each kind, ${CONCURRENCY} in flight; ` +
    `the MCTS lesson's run, ${Math.round(bytes)} characters of payload; ` +
    `${cacheOff ? 'no cache of runs (RUN_CACHE_CHARS=0)' : 'the server caches the runs it reads'}; ` +
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`
);

const results: ({ store: string } & Awaited<ReturnType<typeof measureAll>>)[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'acl-bench-pglite-'));
try {
  const server = await startServer({ DATA_DIR: dataDir });
  try {
    results.push({ store: 'PGlite', ...(await measureAll(payloads)) });
  } finally {
    await server.close();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

if (DATABASE_URL) {
  const schema = await benchSchema(DATABASE_URL);
  try {
    const server = await startServer({ DATABASE_URL: schema.url });
    try {
      results.push({ store: 'PostgreSQL', ...(await measureAll(payloads)) });
    } finally {
      await server.close();
    }
  } finally {
    await schema.drop();
  }
} else {
  console.log(
    'PostgreSQL: skipped — set BENCH_DATABASE_URL or TEST_DATABASE_URL (`.ci/postgres` prints one).'
  );
}
agent.destroy();

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
const rows = [['store', 'measure', 'per second', 'p50 ms', 'p99 ms', 'statuses']];
for (const r of results) {
  for (const [label, m] of <[string, Measure][]>[
    ['links created (POST /api/runs)', r.created],
    ['run read, cold (GET /api/runs/<id>)', r.cold],
    [`run read, warm (${cacheOff ? 'no cache: the database' : "the server's cache"})`, r.warm],
    ['run read via Kit, warm (the endpoint)', r.viaKit],
    ['page read (GET /r/<id>?step=3)', r.page],
    [`no store (GET ${NO_STORE_PATH})`, r.floor]
  ]) {
    const statuses = [...m.statuses].map(([status, n]) => `${n}×${status}`).join(' ');
    rows.push([r.store, label, fmt(m.perSecond), m.p50.toFixed(1), m.p99.toFixed(1), statuses]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
if (results.length === 2) {
  const [lite, postgres] = results;
  const ratio = (key: keyof Measured) => (postgres[key].perSecond / lite[key].perSecond).toFixed(2);
  console.log(
    `PostgreSQL/PGlite, per second: created ${ratio('created')}, cold run read ` +
      `${ratio('cold')}, warm run read ${ratio('warm')}, page read ${ratio('page')}`
  );
}
// What carries from this run to another machine: each read's rate over the "no store" Kit
// request's, measured by the same client at the same moment.
for (const r of results) {
  const over = (key: keyof Measured) => (r[key].perSecond / r.floor.perSecond).toFixed(2);
  console.log(
    `${r.store}, per second over "no store": run read cold ${over('cold')}, warm ` +
      `${over('warm')}, via Kit ${over('viaKit')}; page read ${over('page')}`
  );
}
for (const { store, followers: f } of results)
  if (f.followers === 0 || f.moves === 0)
    console.log(`${store}: no class (BENCH_FOLLOWERS or BENCH_MOVES is 0)`);
  else
    console.log(
      `${store}: a class of ${f.followers} followers, ${f.moves} teacher's steps — to the last ` +
        `follower p50 ${f.last.p50.toFixed(1)} ms, p99 ${f.last.p99.toFixed(1)} ms; every ` +
        `delivery p50 ${f.each.p50.toFixed(1)} ms, p99 ${f.each.p99.toFixed(1)} ms; ` +
        `${f.missed} missed (not there within 10 s)`
    );
