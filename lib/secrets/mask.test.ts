import { describe, expect, it } from 'vitest';
import { maskedStream, masker } from './mask';

describe('masker', () => {
  it('masks every occurrence', () => {
    expect(masker(['abcdef123'])('pw=abcdef123 again abcdef123')).toBe('pw=******** again ********');
  });
  it('masks secrets shorter than 6 characters too', () => {
    expect(masker(['pw1', 'x9'])('sudo pw1 then x9.')).toBe('sudo ******** then ********.');
  });
  it('masks the longer of two overlapping secrets whole, and never the mask itself', () => {
    expect(masker(['secret', 'secret-long', '*'])('a secret-long b *')).toBe('a ******** b ********');
  });
  it('treats secrets as text, not as patterns', () => {
    expect(masker(['a.b(c'])('x a.b(c aXb(c')).toBe('x ******** aXb(c');
  });
  it('masks each line of a multi-line secret such as a private key, but not its armor', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nQyNTUxOQAAACBl\n-----END OPENSSH PRIVATE KEY-----\n';
    const out = masker([key])('read: b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ and -----BEGIN OPENSSH PRIVATE KEY-----');
    expect(out).toBe('read: ******** and -----BEGIN OPENSSH PRIVATE KEY-----');
  });
  it('leaves text alone when there is no secret', () => {
    expect(masker(['', ''])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('maskedStream', () => {
  const run = (secrets: string[], chunks: Array<string | Buffer>) => {
    const out: string[] = [];
    const s = maskedStream(masker(secrets), (t) => out.push(t));
    for (const c of chunks) s.write(c);
    s.end();
    return out;
  };

  it('masks a secret split across two chunks', () => {
    expect(run(['hunter2-password'], ['password is hunter', '2-password\nnext line\n']).join('')).toBe('password is ********\nnext line\n');
  });
  it('masks a secret split at every possible place', () => {
    const text = 'before s3cr3t after\n';
    for (let i = 1; i < text.length; i++) expect(run(['s3cr3t'], [text.slice(0, i), text.slice(i)]).join(''), `cut at ${i}`).toBe('before ******** after\n');
  });
  it('emits complete lines at once and the rest at the end', () => {
    expect(run(['zzz'], ['one\ntw', 'o'])).toEqual(['one\n', 'two']);
  });
  it('keeps a UTF-8 character split between byte chunks whole', () => {
    const bytes = Buffer.from('café\n');
    expect(run([], [bytes.subarray(0, 4), bytes.subarray(4)]).join('')).toBe('café\n');
  });
  it('does not hold a long line without newlines forever, and still masks across the cut', () => {
    const out = run(['needle-secret'], ['x'.repeat(70 * 1024 - 5), 'needle-secret', 'y'.repeat(10)]);
    expect(out.length).toBeGreaterThan(1);
    expect(out.join('')).toBe(`${'x'.repeat(70 * 1024 - 5)}********${'y'.repeat(10)}`);
  });
});
