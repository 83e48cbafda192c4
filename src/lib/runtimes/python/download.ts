/**
 * How far the download of Python's files has got, for a progress bar: bytes received of the
 * bytes expected, and the time left at the rate observed so far.
 *
 * Bytes are counted as the worker's code receives them (`download-meter.ts`): decoded bytes,
 * the files' own sizes, whatever compression the server used on the wire. The total is the
 * same kind of number (the files' sizes, listed at build time in `sizes.json`), so the bar and
 * the time left are honest even though fewer bytes cross the network.
 */

/** Bytes of Python's files received so far, of the bytes expected. */
export interface DownloadProgress {
  loaded: number;
  total: number;
  /** at the rate observed so far; null until there is a rate to go by */
  secondsLeft: number | null;
}

/** How long a rate must have been observed before it predicts anything. */
const MIN_OBSERVED_MS = 500;

/** Turns a stream of (bytes received, bytes expected) into progress with the time left. */
export class DownloadClock {
  #first: { at: number; loaded: number } | null = null;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** The progress after `loaded` of `total` bytes have arrived. */
  update(loaded: number, total: number): DownloadProgress {
    const at = this.#now();
    const expected = Math.max(total, loaded);
    this.#first ??= { at, loaded };
    const elapsed = at - this.#first.at;
    const received = loaded - this.#first.loaded;
    const secondsLeft =
      elapsed >= MIN_OBSERVED_MS && received > 0
        ? (expected - loaded) / (received / (elapsed / 1000))
        : null;
    return { loaded, total: expected, secondsLeft };
  }
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** "1.2 of 4.6 MB, about 3 s left": the sentence beside the bar (bytes over the wire). */
export function describeDownload({ loaded, total, secondsLeft }: DownloadProgress): string {
  const amount = `${mb(loaded)} of ${mb(total)} MB`;
  if (secondsLeft === null) return amount;
  if (secondsLeft < 1) return `${amount}, almost done`;
  const left =
    secondsLeft < 90 ? `${Math.ceil(secondsLeft)} s` : `${Math.round(secondsLeft / 60)} min`;
  return `${amount}, about ${left} left`;
}
