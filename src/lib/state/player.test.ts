/**
 * The Player's fork, end to end in Node: the JavaScript self-debugging walkthrough (scripted
 * replies, the real Node JS sandbox) forked with an edited program, and a fork whose runtimes
 * cannot start (an endpoint run without its key, say) keeping the run that was on screen.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scriptedRun } from '$lib/core/lessons/runs';
import type { Run } from '$lib/core/run/run';
import { programsAt } from '$lib/core/views/timeline';
import { ScriptedModel } from '$lib/runtimes/model/scripted';
import { createNodeJsSandbox, type NodeJsSandbox } from '$lib/runtimes/javascript/node/sandbox';
import { lessonBySlug } from '$lib/testing/lesson-support';
import { Player } from './player.svelte';

const lesson = lessonBySlug('self-debugging');
const variant = lesson.variants.javascript;
let sandbox: NodeJsSandbox;

beforeAll(async () => {
  sandbox = await createNodeJsSandbox();
});
afterAll(async () => {
  await sandbox?.dispose();
});

function walkthrough(): Run {
  if (!variant) throw new Error('the self-debugging lesson has no JavaScript variant');
  return scriptedRun(
    lesson.meta.technique,
    lesson.meta.params,
    variant.problem,
    variant.walkthrough
  );
}

async function until(check: () => boolean, what: string) {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 30_000, interval: 10 }
  );
}

/** A player over the scripted model and the Node JS sandbox; `fail` makes the next start fail. */
function openPlayer() {
  const state = { fail: null as string | null };
  const player = new Player(async (run: Run) => {
    if (state.fail) throw new Error(state.fail);
    if (run.model.kind !== 'scripted') throw new Error('no live model in this test');
    return {
      model: new ScriptedModel(run.model.id, run.model.responses, run.model.answer),
      sandbox
    };
  });
  return { player, state };
}

describe('Player.fork', () => {
  it("answers an edited JavaScript program in the problem's own code fence", async () => {
    const { player } = openPlayer();
    void player.start(walkthrough());
    player.stepForward();
    await until(() => programsAt(player.visible).current !== null, 'the first program');
    const edited = 'function placeholder() {\n  return 1;\n}';
    void player.fork({ code: edited });
    // The fork parks before its first live effect, the edited reply: Step lets it through.
    await until(() => player.waiting, 'the fork to park at its gate');
    player.stepForward();
    await until(
      () => programsAt(player.visible).current?.code === edited + '\n',
      'the edited program'
    );
    const reply = player.events.find((e) => e.kind === 'model');
    expect(reply?.kind === 'model' && reply.result.text).toBe(
      '```javascript\n' + edited + '\n```\n'
    );
    expect(player.run?.forkedAt?.change).toBe('edited program');
    player.dispose();
  });

  it('keeps the run on screen, at its step, when the fork cannot start', async () => {
    const { player, state } = openPlayer();
    void player.start(walkthrough());
    player.toEnd();
    await until(() => player.finished, 'the walkthrough to end');
    const shown = { run: player.run, events: player.events, step: player.step };
    player.restart();
    player.stepForward();
    const step = player.step;

    state.fail = 'This run used a model at http://example.test, and no key is saved for it.';
    await player.fork({ params: { maxTurns: 5 } });
    expect(player.error).toBe(state.fail);
    expect(player.live).toBe(false);
    expect(player.run).toBe(shown.run);
    expect(player.events).toBe(shown.events);
    expect(player.step).toBe(step);
    player.dispose();
  });
});
