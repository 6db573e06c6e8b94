import { describe, expect, it } from 'vitest';
import { algorithmsFor, fingerprintOf, keyTypeOf, knownHostsName, parseKnownHosts } from './host-keys';

// Made with ssh-keygen; the fingerprints are what `ssh-keygen -lf` printed for them.
const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIM4H+KGDIXEBZqcNGeTap5otIi4Yw5CjRY3qDXF8y53C';
const ED25519_FP = 'SHA256:bQSYo/YTMSvS97WUjEOi8RefKkk4nFJ38Jbb7ZKVKy8';
const ECDSA = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNPHTH7gpzqiMehfzgI5m59iX3S/QNubCrvJ3JwIYYNlO3LhF0KjEjw/4uwfmzjlqPRgj6dJAggQ84b/fRk3sgU=';
const ECDSA_FP = 'SHA256:cj44RCYN5J0lYY5p6NOgUBVRERB1v7YxuPvt+E0QpPo';
// `ssh-keygen -H` of "[10.0.0.5]:2222 ssh-ed25519 …".
const HASHED = '|1|E4eUtf+ogXIEgNBde+IDxhptXGc=|r21PvFZItcs3RtqSob8Io4YAeXE=';

describe('host keys', () => {
  it('computes OpenSSH fingerprints and key types from the key blob', () => {
    const blob = Buffer.from(ED25519, 'base64');
    expect(fingerprintOf(blob)).toBe(ED25519_FP);
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.from([0, 0, 0, 200, 1]))).toBeNull();
  });
  it('names hosts as known_hosts does and lists the algorithms of a key type', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('h', 2222)).toBe('[h]:2222');
    expect(algorithmsFor('ssh-rsa')).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(algorithmsFor('ssh-ed25519')).toEqual(['ssh-ed25519']);
  });
  it('reads plain and bracketed names, several per line, and prefers the key type ssh2 negotiates', () => {
    const text = [
      '# from ssh-keyscan',
      `db1,10.0.0.1 ecdsa-sha2-nistp256 ${ECDSA}`,
      `db1 ssh-ed25519 ${ED25519} root@db1`,
      `[db2.example]:2200 ecdsa-sha2-nistp256 ${ECDSA}`,
    ].join('\n');
    const { keys, skipped } = parseKnownHosts(text);
    expect(skipped).toEqual([]);
    expect(keys).toEqual([
      { host: 'db1', port: 22, keyType: 'ssh-ed25519', fingerprint: ED25519_FP },
      { host: '10.0.0.1', port: 22, keyType: 'ecdsa-sha2-nistp256', fingerprint: ECDSA_FP },
      { host: 'db2.example', port: 2200, keyType: 'ecdsa-sha2-nistp256', fingerprint: ECDSA_FP },
    ]);
  });
  it('matches hashed names against the hosts being added', () => {
    const line = `${HASHED} ssh-ed25519 ${ED25519}`;
    expect(parseKnownHosts(line, [{ host: '10.0.0.5', port: 22 }, { host: '10.0.0.5', port: 2222 }]).keys).toEqual([
      { host: '10.0.0.5', port: 2222, keyType: 'ssh-ed25519', fingerprint: ED25519_FP },
    ]);
    const none = parseKnownHosts(line, [{ host: '10.0.0.6', port: 2222 }]);
    expect(none.keys).toEqual([]);
    expect(none.skipped[0]).toMatch(/hashed name that matches none/);
  });
  it('skips what cannot pin one host: patterns, markers, broken lines, a key whose type does not match', () => {
    const { keys, skipped } = parseKnownHosts(
      [`*.example ssh-ed25519 ${ED25519}`, `@revoked db1 ssh-ed25519 ${ED25519}`, 'db1 ssh-ed25519', `db1 ssh-rsa ${ED25519}`].join('\n'),
    );
    expect(keys).toEqual([]);
    expect(skipped).toHaveLength(4);
    expect(skipped[0]).toMatch(/pattern \*\.example/);
    expect(skipped[1]).toMatch(/@revoked/);
  });
});
