import { subscriptionAction, subscriptionActionSchema } from '@/lib/clusters/diagnoses';
import { HttpError, json, readBody, route } from '@/lib/http/respond';

/** `{ node, subscription, action: 'skip' | 'disable' | 'enable', lsn? }`: the fixes the diagnoses offer. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const r = await subscriptionAction(id, await readBody(req, subscriptionActionSchema));
  if (!r.ok) throw new HttpError(422, [{ path: r.path, message: r.message }]);
  return json(r);
});
