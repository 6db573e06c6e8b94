import 'server-only';
import { validateTopology } from '@/lib/topology';
import type { Topology } from '@/lib/topology/schema';
import { HttpError } from './respond';

/** Validate a request's topology or throw a 422 with every problem and its path. */
export function requireTopology(input: unknown): Topology {
  const result = validateTopology(input);
  if (!result.ok) throw new HttpError(422, result.errors);
  return result.topology;
}
