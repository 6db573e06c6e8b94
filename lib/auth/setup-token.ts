import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataRoot } from '@/lib/config';
import { sameSecret } from './auth';

const file = () => path.join(dataRoot(), 'setup-token');

/**
 * The one-time token the first-visit setup asks for, so only someone who can read the server's log or data dir
 * can create the first admin. Made once (mode 0600) and kept until the setup succeeds.
 */
export async function ensureSetupToken(): Promise<{ token: string; file: string; isNew: boolean }> {
  try {
    return { token: (await readFile(file(), 'utf8')).trim(), file: file(), isNew: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataRoot(), { recursive: true });
  const token = randomBytes(18).toString('base64url');
  // 'wx': another process made one meanwhile: theirs counts.
  const made = await writeFile(file(), `${token}\n`, { mode: 0o600, flag: 'wx' }).then(() => true, () => false);
  return made ? { token, file: file(), isNew: true } : { ...(await ensureSetupToken()), isNew: false };
}

export async function setupTokenMatches(given: string): Promise<boolean> {
  const { token } = await ensureSetupToken();
  return sameSecret(given, token);
}

/** After the first admin exists the token is of no more use. */
export async function removeSetupToken(): Promise<void> {
  await rm(file(), { force: true });
}
