/**
 * `/r/<id>`: a short link's run from the store. The run goes to the page as a JSON string in
 * the page's data (serialized by Kit, never placed in the HTML as markup) and is opened there
 * by the permalink's own checks; `?step=N` is the step, as a permalink's `step=`. Its data
 * request may be kept by browsers and CDNs (`short-link-headers.ts`).
 */
import { error } from '@sveltejs/kit';
import { version } from '$app/environment';
import { shortLinkDataHeaders } from '$lib/server/short-link-headers';
import { runStore } from '$lib/server/store';
import { ID_PATTERN } from '$lib/server/store/run-store';

const NOT_FOUND = 'There is no shared run at this address: the link may have been mistyped or cut.';
const NO_STORE =
  'Short links cannot be opened on this server right now. Ask for the long link, which works without it.';

export const load = async ({ params, url, request, isDataRequest, setHeaders }) => {
  const id = params.id.toLowerCase();
  if (!ID_PATTERN.test(id)) error(404, NOT_FOUND);
  let run: string | null;
  try {
    run = await (await runStore()).get(id);
  } catch {
    error(503, NO_STORE);
  }
  if (run === null) error(404, NOT_FOUND);
  const step = url.searchParams.get('step');
  // A navigation's data (not the page, which carries the learner's theme) may be kept a while.
  const cache = isDataRequest && shortLinkDataHeaders(request.url, id, step, version);
  if (cache) setHeaders(cache);
  return { id, run, step };
};
