import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

const ITERATIONS = 4096;

function keys(password: string, salt: Buffer, iterations: number) {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return { storedKey, serverKey };
}

/** A SCRAM-SHA-256 verifier as stored in pg_authid.rolpassword, so the plain password never reaches the server. */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): string {
  const { storedKey, serverKey } = keys(password, salt, ITERATIONS);
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Whether a stored verifier (pg_authid.rolpassword) matches the password. */
export function scramMatches(verifier: string | null, password: string): boolean {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier ?? '');
  if (!m) return false;
  const [, iterations, salt, stored, server] = m as unknown as [string, string, string, string, string];
  const k = keys(password, Buffer.from(salt, 'base64'), Number(iterations));
  const want = Buffer.concat([Buffer.from(stored, 'base64'), Buffer.from(server, 'base64')]);
  const got = Buffer.concat([k.storedKey, k.serverKey]);
  return want.length === got.length && timingSafeEqual(want, got);
}
