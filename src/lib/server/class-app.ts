/**
 * This instance's class machinery, shared by the class routes: the LISTEN hub, the count of
 * open event streams (capped) and the limit on new classes. Nothing here is a class's state:
 * that is in the database (see class-events.ts).
 */
import { ClassHub, SHUTDOWN_EVENT, StreamCounter } from './class-events';
import { rateLimiter } from './rate-limit';
import { notifier } from './store';

/** One LISTEN per class this instance streams. */
export const classHub = new ClassHub(notifier);
/** This instance's open event streams, at most MAX_STREAMS; none once it shuts down. */
export const streamCounter = new StreamCounter();
process.once(SHUTDOWN_EVENT, () => (streamCounter.draining = true));
/** 30 new classes a minute per client address, as for short links. */
export const classLimiter = rateLimiter(30, 60_000);
