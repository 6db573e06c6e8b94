import type { RunOptions } from '@/lib/clusters/service';
import { HttpError } from './respond';

/** `?confirmDestructive=true` and `?concurrency=N` (1–16) of an apply or reconcile. */
export function runOptions(req: Request): RunOptions {
  const url = new URL(req.url);
  const confirm = url.searchParams.get('confirmDestructive');
  const concurrency = url.searchParams.get('concurrency');
  if (confirm !== null && confirm !== 'true' && confirm !== 'false') throw new HttpError(422, [{ path: 'confirmDestructive', message: 'must be true or false' }]);
  if (concurrency !== null && !/^(?:[1-9]|1[0-6])$/.test(concurrency)) throw new HttpError(422, [{ path: 'concurrency', message: 'must be a whole number from 1 to 16' }]);
  return { confirmDestructive: confirm === 'true', ...(concurrency ? { concurrency: Number(concurrency) } : {}) };
}
