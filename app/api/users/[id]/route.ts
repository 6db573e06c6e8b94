import { json, readJson, route } from '@/lib/http/respond';
import { deleteUserCommand, updateUserCommand } from '@/lib/http/settings-commands';

/** `{ role?, password? }`: a new password ends every session of that user. Never leaves the panel without an admin. */
export const PATCH = route<{ id: string }>(async (req, { id }, ctx) => json(await updateUserCommand(id, await readJson(req), ctx)), { role: 'admin' });

/** Remove a user: its sessions end at once. */
export const DELETE = route<{ id: string }>(async (_req, { id }, ctx) => json(await deleteUserCommand(id, ctx)), { role: 'admin' });
