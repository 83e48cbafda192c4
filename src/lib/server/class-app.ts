/**
 * This instance's class machinery, shared by the class routes: the LISTEN hub, the count of
 * open event streams (capped) and the limit on new classes. Nothing here is a class's state:
 * that is in the database (see class-events.ts).
 */
import { ClassHub, StreamCounter } from './class-events';
import { rateLimiter } from './rate-limit';
import { notifier } from './store';

/** One LISTEN per class this instance streams. */
export const classHub = new ClassHub(notifier);
/** This instance's open event streams, at most MAX_STREAMS. */
export const streamCounter = new StreamCounter();
/** 30 new classes a minute per client address, as for short links. */
export const classLimiter = rateLimiter(30, 60_000);
