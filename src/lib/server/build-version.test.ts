import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kitHash, versionMismatch } from './build-version.js';

/** An adapter output with this client version and these server `version_hash` values. */
async function output(version: string, hashes: string[]): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'acl-build-version-'));
  await mkdir(join(out, 'client/_app'), { recursive: true });
  await mkdir(join(out, 'server/chunks/chunks'), { recursive: true });
  await writeFile(join(out, 'client/_app/version.json'), JSON.stringify({ version }));
  await writeFile(join(out, 'server/index.js'), 'export const a = 1;\n');
  for (const [i, hash] of hashes.entries())
    await writeFile(
      join(out, `server/chunks/chunks/internal-${i}.js`),
      `const options = {\n\tservice_worker: false,\n\tversion_hash: "${hash}"\n};\n`
    );
  return out;
}

describe('a build whose server and client disagree on the version', () => {
  it("hashes as SvelteKit does (the hashes of two real builds' versions)", () => {
    expect(kitHash('1796680587817')).toBe('1wy40wm');
    expect(kitHash('1796680047844')).toBe('9ny0m1');
  });

  it('passes a build whose server has the client version’s hash', async () => {
    expect(await versionMismatch(await output('1796680047844', ['9ny0m1']))).toBeNull();
  });

  it('names both hashes when a sync during the build gave the server another version', async () => {
    const sentence = await versionMismatch(await output('1796680587817', ['p5896n']));
    expect(sentence).toMatch(/client 1wy40wm, server p5896n/);
    expect(sentence).toMatch(/Build again/);
  });

  it('refuses a server with no version hash, or with two', async () => {
    expect(await versionMismatch(await output('1796680047844', []))).toMatch(/server none/);
    expect(await versionMismatch(await output('1796680047844', ['9ny0m1', 'p5896n']))).toMatch(
      /server 9ny0m1, p5896n/
    );
  });
});
