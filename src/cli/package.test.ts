/**
 * The command line as a package: `agentic-code-lab` (package.json "bin") runs after
 * `npm ci --omit=dev`, so every package its code loads at run time must be a dependency, and no
 * SvelteKit alias (`$lib/…`) may be reachable, since only Vite resolves those. Relative paths
 * on the command line are the caller's, also under `npm run`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * What a module loads at run time: static and dynamic imports with a literal specifier (not
 * `import type`, which TypeScript erases), re-exports, files it starts as processes
 * (`new URL('./x.js', import.meta.url)`) and packages it resolves by name.
 */
const LOADS = [
  /\bimport\s+(?!type\s)[\w*{}\s,$]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?!type\s)[\w*{}\s,$]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bnew URL\(\s*['"](\.[^'"]+\.[jt]s)['"]\s*,\s*import\.meta\.url/g,
  /\bresolve\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g
];

function specifiersOf(source: string): string[] {
  return LOADS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
}

function resolveFile(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.js`, base.replace(/\.js$/, '.ts')];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Walks the graph from `entry`: the files reached, and each package with a file that loads it. */
function importGraph(entry: string) {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const unresolved: string[] = [];
  const aliases: string[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      const where = relative(ROOT, file);
      if (specifier.startsWith('.')) {
        const target = resolveFile(file, specifier);
        if (target) queue.push(target);
        else unresolved.push(`${where}: ${specifier}`);
      } else if (specifier.startsWith('$')) {
        aliases.push(`${where}: ${specifier}`);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        if (!packages.has(packageOf(specifier))) packages.set(packageOf(specifier), where);
      }
    }
  }
  return { files, packages, unresolved, aliases };
}

describe('the agentic-code-lab bin', () => {
  it('is declared in package.json and is executable', () => {
    expect(pkg.bin).toEqual({ 'agentic-code-lab': 'src/cli/bin.js' });
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
  });

  it('loads only dependencies, never devDependencies, and no $lib alias', () => {
    const graph = importGraph(BIN);
    // The walk reaches both commands and the sandboxes' processes, not just the launcher.
    for (const file of [
      'src/cli/solve/main.ts',
      'src/cli/grader/main.ts',
      'src/lib/runtimes/python/node-process.js',
      'src/lib/runtimes/javascript/node/sandbox-process.js'
    ]) {
      expect([...graph.files].map((f) => relative(ROOT, f))).toContain(file);
    }
    expect(graph.unresolved).toEqual([]);
    expect(graph.aliases).toEqual([]);
    const wrong = [...graph.packages].flatMap(([name, where]) =>
      pkg.dependencies[name]
        ? []
        : [
            `${name} (loaded by ${where}) is ${pkg.devDependencies[name] ? 'a devDependency' : 'not a dependency'}`
          ]
    );
    expect(wrong).toEqual([]);
    expect([...graph.packages.keys()]).toEqual(expect.arrayContaining(['tsx', 'pyodide', 'zod']));
  });

  it('lists both commands with --help, and refuses an unknown one with exit code 2', async () => {
    const help = await run(process.execPath, [BIN, '--help']);
    expect(help.stdout).toMatch(/^usage: agentic-code-lab <command>/);
    expect(help.stdout).toMatch(/^ {2}solve /m);
    expect(help.stdout).toMatch(/^ {2}grade /m);
    const unknown = await run(process.execPath, [BIN, 'frobnicate']).catch((error) => error);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'There is no command "frobnicate": the commands are solve and grade.'
    );
    const grade = await run(process.execPath, [BIN, 'grade', '--help']);
    expect(grade.stdout).toContain('PROBLEMS.jsonl[.gz] SAMPLES.jsonl[.gz]');
    expect(grade.stdout).toMatch(/^ {3}or: agentic-code-lab grade /m);
    const solve = await run(process.execPath, [BIN, 'solve', '--help']);
    expect(solve.stdout).toMatch(/^ {3}or: agentic-code-lab solve /m);
  });
});

describe('npm run grade from another folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acl-caller-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reads and writes relative paths from the caller's folder", async () => {
    const problem = {
      task_id: 'Rel/0',
      prompt: 'def inc(x):\n    """x plus one."""\n',
      entry_point: 'inc',
      test: 'def check(candidate):\n    assert candidate(1) == 2\n'
    };
    await mkdir(join(dir, 'rel'));
    await writeFile(join(dir, 'rel/problems.jsonl'), `${JSON.stringify(problem)}\n`);
    await writeFile(
      join(dir, 'rel/samples.jsonl'),
      [
        { task_id: 'Rel/0', completion: '    return x + 1\n' },
        { task_id: 'Rel/0', solution: 'def inc(x):\n    return x - 1\n' }
      ]
        .map((s) => `${JSON.stringify(s)}\n`)
        .join('')
    );
    // A clean environment, as a shell gives: none of the npm_* variables of the test runner.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$)/i.test(key))
    );
    const { stdout } = await run(
      'npm',
      ['--prefix', ROOT, 'run', 'grade', '--', 'rel/problems.jsonl', 'rel/samples.jsonl'],
      { cwd: dir, env }
    );
    expect(stdout).toContain('1 of 2 samples passed');
    const results = await readFile(join(dir, 'rel/samples.jsonl_results.jsonl'), 'utf8');
    expect(
      results
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).passed)
    ).toEqual([true, false]);
    expect(existsSync(join(ROOT, 'rel'))).toBe(false);
  }, 120_000);

  it('keeps its own folder when an npm script of ours only started its parent', async () => {
    // As when `npm run test:e2e`, typed in another folder, runs a test that runs the command:
    // npm's variables are inherited, yet the paths are the test's, relative to its folder.
    await mkdir(join(dir, 'own'));
    await writeFile(join(dir, 'own/empty.jsonl'), '\n');
    const inherited = {
      ...process.env,
      INIT_CWD: tmpdir(),
      npm_package_name: 'agentic-code-lab',
      npm_lifecycle_event: 'test:e2e'
    };
    const failed = await run(
      process.execPath,
      [BIN, 'grade', 'own/empty.jsonl', 'own/empty.jsonl'],
      { cwd: dir, env: inherited }
    ).catch((error) => error);
    // Both files were found (in `dir`): there is just nothing in them to grade.
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('No problem could be read from own/empty.jsonl.\n');
  });
});
