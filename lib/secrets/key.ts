import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataRoot } from '@/lib/config';

const g = globalThis as unknown as { __pgcascadeKey?: Promise<Buffer> };

async function load(): Promise<Buffer> {
  const fromEnv = process.env.PGCASCADE_SECRET_KEY;
  if (fromEnv) return createHash('sha256').update(fromEnv).digest();
  const file = path.join(dataRoot(), 'secret.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataRoot(), { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
}

/** The key that seals secrets at rest: PGCASCADE_SECRET_KEY, else a generated key file (mode 0600) in the data dir. */
export function secretKey(): Promise<Buffer> {
  g.__pgcascadeKey ??= load();
  return g.__pgcascadeKey;
}
