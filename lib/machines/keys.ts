import 'server-only';
import ssh2 from 'ssh2';
import { fingerprintOf } from '@/lib/hosts/host-keys';

export { LOGIN_KEY, LOGIN_KEY_PUBLIC, hostKeyName, hostKeyPublicName } from './secret-names';

export function generateEd25519(): { privateKey: string; publicKey: string } {
  const k = ssh2.utils.generateKeyPairSync('ed25519');
  return { privateKey: k.private, publicKey: k.public };
}

/** OpenSSH's SHA256 fingerprint of a public key line (`ssh-ed25519 AAAA…`). */
export function fingerprintOfLine(line: string): string {
  const blob = line.trim().split(/\s+/)[1] ?? '';
  return fingerprintOf(Buffer.from(blob, 'base64'));
}
