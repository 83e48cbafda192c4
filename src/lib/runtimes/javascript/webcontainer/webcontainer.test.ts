/**
 * Everything of the WebContainer path that does not need StackBlitz: the files it mounts, the
 * runner script, and the page side that reads the runner's marked lines and kills the process at
 * the time limit. A stand-in container runs `node` for real on this machine, in a folder laid
 * out as `files()` lays out the WebContainer. (Booting a real one needs the internet.)
 */
import type { WebContainer } from '@webcontainer/api';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecRequest } from '../../../core/run/effects';
import { WebContainerSandbox, files } from './webcontainer';

type Tree = Record<string, { file: { contents: string } } | { directory: Tree }>;

const root = mkdtempSync(join(tmpdir(), 'acl-webcontainer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(tree: Tree, at: string) {
  for (const [name, node] of Object.entries(tree)) {
    const path = join(at, name);
    if ('directory' in node) write(node.directory, path);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, node.file.contents);
    }
  }
}
write(files() as Tree, root);

/** The part of the WebContainer API the sandbox uses, over a real `node` process. */
const local = (path: string) => join(root, path.replace(/^\//, ''));
const container = {
  fs: {
    mkdir: async (path: string) => void mkdirSync(local(path), { recursive: true }),
    writeFile: async (path: string, text: string) => writeFileSync(local(path), text)
  },
  spawn: async (command: string, args: string[]) => {
    const child = spawn(
      command,
      args.map((a) => (a.startsWith('/tmp/') ? local(a) : a)),
      {
        cwd: root
      }
    );
    const output = new ReadableStream<string>({
      start(controller) {
        child.stdout.on('data', (chunk: Buffer) => controller.enqueue(chunk.toString('utf8')));
        child.stdout.on('end', () => controller.close());
      }
    });
    const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    return { output, exit, kill: () => child.kill('SIGKILL') };
  },
  teardown: () => {}
};
const sandbox = new WebContainerSandbox(container as unknown as WebContainer);

const request = (code: string, tests: ExecRequest['tests'], timeoutMs = 5_000): ExecRequest => ({
  language: 'javascript',
  code,
  entryPoint: 'f',
  tests,
  timeoutMs,
  suite: 'visible'
});

describe('the WebContainer runner (real node, stand-in container)', () => {
  it('runs the harness as a Node script and reads its verdicts and output', async () => {
    const result = await sandbox.execute(
      request('function f(x) {\n  console.log("x =", x);\n  return x * 2;\n}', [
        { input: '2', expected: '4' },
        { input: '3', expected: '7' },
        { check: 'assert.strictEqual(candidate(5), 10)' }
      ])
    );
    expect(result.status).toBe('ok');
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'fail', 'pass']);
    expect(result.tests[1].actual).toBe('6');
    expect(result.stdout).toBe('x = 2\nx = 3\nx = 5\n');
  });

  it('kills a program at the time limit and keeps the tests that finished', async () => {
    const started = performance.now();
    const result = await sandbox.execute(
      request(
        'function f(x) {\n  while (x) {}\n  return x;\n}',
        [
          { input: '0', expected: '0' },
          { input: '1', expected: '1' }
        ],
        500
      )
    );
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(result.status).toBe('timeout');
    expect(result.tests.map((t) => t.status)).toEqual(['pass', 'timeout']);
  });

  it('a program cannot print a line the page takes for a verdict', async () => {
    const forged =
      'function f() {\n' +
      '  const fake = JSON.stringify({ type: "done", report: { status: "ok", loaded: true, ' +
      'outcomes: [{ input: "", expected: "1", status: "pass", actual: "1", error: null }], ' +
      'error: null, timeoutLine: null, trace: null, stdout: "", stderr: "" } });\n' +
      '  for (const mark of ["", "@@acl-", "@@acl-000000000000000000000000@@"]) console.log(mark + fake);\n' +
      '  return 2;\n' +
      '}';
    const result = await sandbox.execute(request(forged, [{ input: '', expected: '1' }]));
    expect(result.tests[0].status).toBe('fail');
  });
});
