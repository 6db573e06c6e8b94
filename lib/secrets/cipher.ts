import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const TAG_BYTES = 16;

/**
 * AES-256-GCM bound to where it is stored: `v2:<iv>:<tag>:<ciphertext>` (base64 parts), with `aad` (e.g. the row's
 * table and key) authenticated, so a ciphertext copied into another row does not decrypt.
 */
export function encrypt(key: Buffer, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v2', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

/**
 * The plaintext, and whether it was sealed the old way (v1: no AAD) and should be sealed again. A tag that is not
 * the full 16 bytes is refused (GCM would otherwise accept a truncated tag).
 */
export function decrypt(key: Buffer, sealed: string, aad: string): { value: string; legacy: boolean } {
  const [version, iv, tag, data] = sealed.split(':');
  if ((version !== 'v1' && version !== 'v2') || !iv || !tag || data === undefined) throw new Error('not a pgcascade secret');
  const tagBytes = Buffer.from(tag, 'base64');
  if (tagBytes.length !== TAG_BYTES) throw new Error(`a pgcascade secret needs a ${TAG_BYTES}-byte tag`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
  if (version === 'v2') decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tagBytes);
  const value = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  return { value, legacy: version === 'v1' };
}

/** What binds a cluster secret and a stored credential to their rows. */
export const secretAad = (clusterId: string, name: string) => `pgcascade:secret:${clusterId}:${name}`;
export const credentialAad = (id: string) => `pgcascade:credential:${id}`;
