/**
 * Which pages may call a learner's model: the lessons, /models, /playground, /bench (it runs
 * benchmarks) and /compare (it runs a second run live). Only these keep a page policy whose `connect-src` reaches other
 * origins (the endpoint the learner typed, WebLLM's model hosts); every other page connects to
 * its own origin only. Shared by the server hook that narrows the policy and by the layout,
 * which loads a model page as a new document when it is entered from a narrow one.
 */

const MODEL_PAGES = /^\/(?:lessons\/[^/]+|models|playground|compare|bench)\/?$/;

/** True when the page at `pathname` may call a model at another origin. */
export function callsModels(pathname: string): boolean {
  return MODEL_PAGES.test(pathname);
}
