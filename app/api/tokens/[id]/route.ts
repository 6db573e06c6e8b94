import { json, route } from '@/lib/http/respond';
import { deleteTokenCommand } from '@/lib/http/settings-commands';

export const DELETE = route<{ id: string }>(async (_req, { id }, ctx) => json(await deleteTokenCommand(id, ctx)), { role: 'admin' });
