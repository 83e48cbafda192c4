import { json } from '@sveltejs/kit';
import { lessons } from '$lib/server/lessons';
import { offlinePages } from '$lib/server/offline-pages';

/** Written once at build time: the service worker's list of pages to keep (offline-pages.ts). */
export const prerender = true;

const routeFiles = Object.keys(import.meta.glob('/src/routes/**/+page.svelte'));

export const GET = () => json(offlinePages(routeFiles, lessons));
