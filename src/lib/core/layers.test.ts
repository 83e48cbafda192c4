/**
 * Inside core, dependencies point one way: the kernel (`run/`) → techniques → views. The rule
 * lives in `eslint.config.js`; this runs the project's own ESLint config on deliberate
 * back-edges, so a change that silently disables the rule fails here.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The restricted-import messages ESLint reports for `source` saved as `file`. */
async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${file}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the order inside core', () => {
  it.each([
    ['src/lib/core/run/context.ts', "import { direct } from '../techniques/direct';"],
    [
      'src/lib/core/run/notes/tree.ts',
      "import { firstRequest } from '../../prompts/opening-request';"
    ],
    ['src/lib/core/run/events.ts', "import { stopsOf } from '$lib/core/views/timeline';"],
    ['src/lib/core/techniques/direct.ts', "import { stopsOf } from '../views/timeline';"],
    [
      'src/lib/core/techniques/clarify/technique.ts',
      "import { clarifyAt } from '../../views/clarify';"
    ],
    ['src/lib/core/problems/humaneval.ts', "import type { ExecRequest } from '../run/effects';"]
  ])('%s may not %s', async (file, line) => {
    const messages = await restricted(file, `${line}\nexport const used = 1;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/dependencies point one way/);
  });

  it.each([
    ['src/lib/core/views/sampling.ts', "import { passedAll } from '../techniques/kit/grading';"],
    ['src/lib/core/techniques/direct.ts', "import type { RunContext } from '../run/context';"],
    ['src/lib/core/techniques/tree/bfs.ts', "import { treePrompt } from './prompts';"],
    ['src/lib/core/lessons/load.ts', "import { getTechnique } from '../techniques/registry';"]
  ])('%s may %s', async (file, line) => {
    expect(await restricted(file, `${line}\nexport const used = 1;\n`)).toEqual([]);
  });

  it('still keeps the framework out of core', async () => {
    const messages = await restricted(
      'src/lib/core/views/tree.ts',
      "import { tick } from 'svelte';"
    );
    expect(messages.join(' ')).toMatch(/framework-free/);
  });
});
