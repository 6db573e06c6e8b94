import { json, route } from '@/lib/http/respond';
import { deleteCredentialCommand } from '@/lib/http/settings-commands';

export const DELETE = route<{ id: string }>(async (_req, { id }, ctx) => json(await deleteCredentialCommand(id, ctx)), { role: 'admin' });
