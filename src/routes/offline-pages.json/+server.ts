import { json } from '@sveltejs/kit';
import { lessons } from '$lib/server/lessons';
import { offlinePages } from '$lib/server/offline-pages';

/** Written once at build time: the service worker's list of pages to keep (offline-pages.ts). */
export const prerender = true;

export const GET = () => json(offlinePages(lessons));
