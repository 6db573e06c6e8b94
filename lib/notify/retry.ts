/** Attempts before a delivery is given up (with a 2 s base: about an hour and a half of retrying). */
export const MAX_ATTEMPTS = 12;
const MAX_DELAY_MS = 10 * 60_000;

/** Wait before attempt `attempt + 1`: doubling from `baseMs`, at most ten minutes. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Whether an answer may go better later: no answer, a timeout, throttling or a server error. Other 4xx will not. */
export function isRetryable(statusCode: number | null): boolean {
  return statusCode === null || statusCode === 408 || statusCode === 429 || statusCode >= 500;
}
