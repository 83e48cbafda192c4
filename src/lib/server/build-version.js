/**
 * A build whose server and client disagree on the app's version must not ship. SvelteKit names
 * the page's bootstrap global after a hash of the version (`__sveltekit_<hash>`): the server
 * writes it into every page, the client's start code reads it. Both come from the version the
 * build chose, but the server's copy is read from `.svelte-kit/generated/server/internal.js`,
 * which any `svelte-kit sync` rewrites with a version of its own: a `vitest`, `svelte-check`
 * or second `vite build` started in the same checkout while a build runs leaves the server
 * with another hash, and then every page of that build fails to start ("Cannot read
 * properties of undefined (reading 'data')"). Measured in session 10: a build made while
 * vitest started in the same worktree, 5 s after the build's own version.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * SvelteKit's string hash (`@sveltejs/kit/src/utils/hash.js`), for one string.
 * @param {string} value
 */
export function kitHash(value) {
  let hash = 5381;
  let i = value.length;
  while (i) hash = (hash * 33) ^ value.charCodeAt(--i);
  return (hash >>> 0).toString(36);
}

/**
 * Every `.js` file under `dir`, recursively.
 * @param {string} dir
 */
async function scripts(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Checks the adapter's output in `out`: the client's version (`client/_app/version.json`) and
 * the server's `version_hash` must agree. Returns null when they do, else one sentence.
 * @param {string} out
 * @returns {Promise<string | null>}
 */
export async function versionMismatch(out) {
  const { version } = JSON.parse(await readFile(join(out, 'client/_app/version.json'), 'utf8'));
  const expected = kitHash(String(version));
  const found = new Set();
  for (const file of await scripts(join(out, 'server'))) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/version_hash: "([a-z0-9]+)"/g))
      found.add(match[1]);
  }
  if (found.size === 1 && found.has(expected)) return null;
  const server = found.size ? [...found].join(', ') : 'none';
  return (
    `This build's server and client disagree on the app's version (client ${expected}, ` +
    `server ${server}): something ran \`svelte-kit sync\` (vitest, svelte-check, another ` +
    'build) in this checkout during the build, and its pages would not start. Build again ' +
    'with nothing else running here.'
  );
}
