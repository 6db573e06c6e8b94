import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './cipher';
import { generatePassword } from './generate';
import { masker } from './mask';

describe('secrets', () => {
  it('round-trips and never stores the plaintext', () => {
    const key = randomBytes(32);
    const sealed = encrypt(key, 'hunter2-password');
    expect(sealed).not.toContain('hunter2');
    expect(decrypt(key, sealed)).toBe('hunter2-password');
    expect(() => decrypt(randomBytes(32), sealed)).toThrow();
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
