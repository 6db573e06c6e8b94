import { subscriptionAction, subscriptionActionSchema } from '@/lib/clusters/diagnoses';
import { HttpError, json, readBody, route } from '@/lib/http/respond';

/** `{ node, subscription, action: 'skip' | 'disable' | 'enable', lsn? }`: the fixes the diagnoses offer. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => {
  const input = await readBody(req, subscriptionActionSchema);
  ctx.audit.node = input.node;
  ctx.audit.target = `${input.action} ${input.subscription}`;
  const r = await subscriptionAction(id, input);
  if (!r.ok) throw new HttpError(422, [{ path: r.path, message: r.message }]);
  return json(r);
}, { role: 'operator' });
