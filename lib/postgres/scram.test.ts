import { describe, expect, it } from 'vitest';
import { scramMatches, scramVerifier } from './scram';

describe('SCRAM verifier', () => {
  it('matches its own password and nothing else', () => {
    const v = scramVerifier('s3cret-Password');
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(scramMatches(v, 's3cret-Password')).toBe(true);
    expect(scramMatches(v, 's3cret-password')).toBe(false);
    expect(scramMatches(null, 'x')).toBe(false);
    expect(scramMatches('md5abc', 'x')).toBe(false);
  });
});
