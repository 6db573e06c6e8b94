import type { ActionResult } from '@/lib/http/action-result';
import { ApiError, goToLogin } from './fetch-json';

/**
 * Call a server action and return its data, or throw the same ApiError a JSON call would (status, every problem
 * with its field path, and the body: `destructive`, `activeJobId`), so forms and dialogs show it the same way.
 */
export async function callAction<T>(run: () => Promise<ActionResult<T>>): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await run();
  } catch (err) {
    // The request did not reach the action (the panel is down), or this page is older than the panel's build.
    const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
    throw new ApiError(0, [{ path: '', message: `the panel did not answer${detail}: is it still running? Reload the page if it was restarted.` }]);
  }
  if (result.ok) return result.data;
  const { status, errors, activeJobId, destructive } = result;
  if (status === 401) goToLogin();
  throw new ApiError(status, errors.length ? errors : [{ path: '', message: `request failed (HTTP ${status})` }], { errors, activeJobId, destructive });
}

/**
 * A server action as a mutation hook receives it. lib/ never imports app/: the component that uses the hook passes
 * the action from its route's actions.ts, and `T` is what that action returns (the server's own type).
 */
export type ServerAction<A extends unknown[], T> = (...args: A) => Promise<ActionResult<T>>;
