import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './cipher';
import { generatePassword } from './generate';
import { masker } from './mask';

/** How earlier versions sealed (no AAD), to prove such rows stay readable. */
function sealV1(key: Buffer, plaintext: string, tagLength = 16): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

describe('secrets', () => {
  it('round-trips and never stores the plaintext', () => {
    const key = randomBytes(32);
    const sealed = encrypt(key, 'hunter2-password', 'row-1');
    expect(sealed).not.toContain('hunter2');
    expect(decrypt(key, sealed, 'row-1')).toEqual({ value: 'hunter2-password', legacy: false });
    expect(() => decrypt(randomBytes(32), sealed, 'row-1')).toThrow();
  });
  it('binds a ciphertext to its row: moved to another row it does not decrypt', () => {
    const key = randomBytes(32);
    expect(() => decrypt(key, encrypt(key, 'secret', 'pgcascade:secret:c1:a'), 'pgcascade:secret:c2:a')).toThrow();
  });
  it('refuses a truncated tag', () => {
    const key = randomBytes(32);
    const [v, iv, tag, data] = encrypt(key, 'secret', 'r').split(':');
    const short = [v, iv, Buffer.from(tag!, 'base64').subarray(0, 4).toString('base64'), data].join(':');
    expect(() => decrypt(key, short, 'r')).toThrow(/16-byte tag/);
    expect(() => decrypt(key, sealV1(key, 'secret', 4), 'r')).toThrow(/16-byte tag/);
  });
  it('still reads what earlier versions stored, and says it should be sealed again', () => {
    const key = randomBytes(32);
    expect(decrypt(key, sealV1(key, 'old secret'), 'anything')).toEqual({ value: 'old secret', legacy: true });
  });
  it('generates long alphanumeric passwords', () => {
    const pw = generatePassword();
    expect(pw).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generatePassword()).not.toBe(pw);
  });
  it('masks every occurrence', () => {
    expect(masker(['abcdef123'])('pw=abcdef123 again abcdef123')).toBe('pw=******** again ********');
  });
});
