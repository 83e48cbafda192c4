/**
 * `/class/<code>`: a student's view of a class. The run (stored by the teacher's page as a
 * short link's run) goes to the page as JSON text in its data and is opened there by the
 * permalink's checks, as `/r/<id>` does; the step then follows the class's event stream.
 */
import { error } from '@sveltejs/kit';
import { CLASS_QUIET_HOURS, normalizeClassCode } from '$lib/core/share/class-session';
import { classStore, runStore } from '$lib/server/store';

const NO_CLASS =
  'There is no class with this code: check the code on the teacher’s screen, or scan it again.';
const DOWN =
  'Classes cannot be opened on this server right now. Try again in a minute, or ask the teacher for the run’s link.';

export const load = async ({ params, setHeaders }) => {
  // the step changes all the time: never keep this page in a cache
  setHeaders({ 'cache-control': 'no-store' });
  const code = normalizeClassCode(params.code);
  if (!code) error(404, NO_CLASS);
  let state;
  let run: string | null = null;
  try {
    state = await (await classStore()).get(code);
    if (state && state.status === 'open') run = await (await runStore()).get(state.runId);
  } catch {
    error(503, DOWN);
  }
  if (!state) error(404, NO_CLASS);
  if (state.status !== 'open' || run === null) {
    return {
      code,
      open: false as const,
      runId: state.runId,
      message:
        state.status === 'ended'
          ? 'The teacher ended this class.'
          : `This class has ended: it had no new step for ${CLASS_QUIET_HOURS} hours.`
    };
  }
  return { code, open: true as const, runId: state.runId, run, step: state.step };
};
