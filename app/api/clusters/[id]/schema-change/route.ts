import { schemaChangeCommand } from '@/lib/http/schema-change-command';
import { HttpError, json, readJson, route } from '@/lib/http/respond';

const flag = (url: URL, name: string): boolean => {
  const v = url.searchParams.get(name);
  if (v !== null && v !== 'true' && v !== 'false') throw new HttpError(422, [{ path: name, message: 'must be true or false' }]);
  return v === 'true';
};

/**
 * `{ sql, publish?: [{ publication, tables }] }`: run a schema change on every writable node in replication order
 * (202 with the job), or with `?dryRun=true` only its plan (200). `?confirmDestructive=true` for DROP statements.
 */
export const POST = route<{ id: string }>(
  async (req, { id }, ctx) => {
    const url = new URL(req.url);
    const options = { dryRun: flag(url, 'dryRun'), confirmDestructive: flag(url, 'confirmDestructive') };
    const answer = await schemaChangeCommand(id, await readJson(req), options, ctx);
    return json(answer, options.dryRun ? 200 : 202);
  },
  { role: 'operator' },
);
