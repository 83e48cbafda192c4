/**
 * Opening a database once, and again after a failure: what lets the server start while its
 * database is down and use it as soon as it is back.
 */

/**
 * `open` shared by every caller while it is pending or has succeeded; a failure is reported
 * to `onError`, answered to the callers that waited for it, and forgotten, so the next call
 * opens again.
 */
export function openOnce<T>(
  open: () => Promise<T>,
  onError: (error: Error) => void = () => undefined
): () => Promise<T> {
  let opening: Promise<T> | null = null;
  return () => {
    if (!opening) {
      const attempt = open();
      opening = attempt;
      attempt.catch((error: Error) => {
        if (opening === attempt) opening = null;
        onError(error);
      });
    }
    return opening;
  };
}
