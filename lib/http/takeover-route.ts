import 'server-only';
import type { TakeoverMode } from '@/lib/plan/steps/failover';
import { takeoverCommand } from './cluster-commands';
import { json, readJson, route } from './respond';

/** `POST { "promote": "vm4", "sequenceMargin"?: 1000 }`: queue the job and answer its id (202); 422 with the reason when it cannot be done. */
export function takeoverRoute(mode: TakeoverMode) {
  return route<{ id: string }>(async (req, { id }, ctx) => json(await takeoverCommand(id, mode, await readJson(req), ctx), 202), { role: 'operator' });
}
