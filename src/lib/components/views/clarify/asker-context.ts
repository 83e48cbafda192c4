/** The page's asker, for the answer form (set by pages that run techniques live). */
import { getContext, setContext } from 'svelte';
import type { PageAsker } from '$lib/runtimes/ask/page-asker';

const KEY = Symbol('asker');
export const setAskerContext = (asker: PageAsker) => setContext(KEY, asker);
export const getAskerContext = () => getContext<PageAsker | undefined>(KEY);
