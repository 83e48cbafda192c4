/**
 * `/r/<id>`: a short link's run, fetched from `GET /api/runs/<id>` (`run-read.js`). When the
 * server renders the page, Kit answers that fetch in process and puts the answer in the page
 * for hydration; on a client-side navigation the browser fetches it (answered by `node
 * build`'s fast path, and then kept: an id's run never changes). The run stays JSON text until
 * the page opens it with the permalink's own checks; `?step=N` is the step, as a permalink's
 * `step=`. A 404 or 503 shows the server's sentence.
 */
import { error } from '@sveltejs/kit';

/** Said when the server could not be asked at all, or answered without its sentence. */
const UNREACHABLE =
  'Short links cannot be opened right now: the server did not answer. Ask for the long link, which works without it.';

export const load = async ({ params, url, fetch }) => {
  const id = params.id.toLowerCase();
  const step = url.searchParams.get('step');
  let response: Response;
  try {
    response = await fetch(`/api/runs/${encodeURIComponent(id)}`);
  } catch {
    error(503, UNREACHABLE);
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { message?: unknown } | null;
    const message = typeof answer?.message === 'string' ? answer.message : UNREACHABLE;
    error(response.status === 404 ? 404 : 503, message);
  }
  return { id, run: await response.text(), step };
};
