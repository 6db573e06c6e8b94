import { createHash, createHmac } from 'node:crypto';

/** A host's SSH key as a person accepted it: the key type the server signs with and OpenSSH's fingerprint. */
export interface HostKey {
  host: string;
  port: number;
  /** The key's type (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…), or null for keys pinned before it was kept. */
  keyType: string | null;
  fingerprint: string;
}

/** OpenSSH's form: SHA256:<base64 without padding>. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The type named at the start of an SSH public key blob (a uint32 length, then the name). */
export function keyTypeOf(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return null;
  const name = blob.subarray(4, 4 + length).toString('latin1');
  return /^[a-z0-9@.-]+$/.test(name) ? name : null;
}

/** The host key algorithms that verify with a key of this type (RSA keys sign with three). */
export function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// The key types ssh2 negotiates, in its order of preference: the first one a host has is what it will present.
const PREFERENCE = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'];

export interface KnownHostsResult {
  /** One key per host and port: the one the panel will be shown first when a host has several. */
  keys: HostKey[];
  /** Lines that were not used, and why. */
  skipped: string[];
}

function parseName(name: string): { host: string; port: number } | null {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(name);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2]) };
  return /^[A-Za-z0-9.:_-]+$/.test(name) ? { host: name, port: 22 } : null;
}

/** Whether a hashed known_hosts name (`|1|salt|hash`) is this host and port. */
function hashedMatches(hashed: string, host: string, port: number): boolean {
  const [, kind, salt, hash] = hashed.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(knownHostsName(host, port)).digest('base64') === hash;
}

/**
 * The keys in pasted known_hosts lines. Plain names are taken as they are; hashed names (HashKnownHosts) are
 * matched against `candidates`, the hosts the user is adding. Patterns, negations, @revoked and
 * @cert-authority lines cannot pin one host's key and are skipped with the reason.
 */
export function parseKnownHosts(text: string, candidates: Array<{ host: string; port: number }> = []): KnownHostsResult {
  const found = new Map<string, HostKey>();
  const skipped: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    if (fields[0]?.startsWith('@')) {
      skipped.push(`${fields[0]} lines are not supported: ${line.slice(0, 60)}`);
      continue;
    }
    const [names, type, base64] = fields;
    const blob = base64 && /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? Buffer.from(base64, 'base64') : null;
    if (!names || !type || !blob || keyTypeOf(blob) !== type) {
      skipped.push(`not a known_hosts line (hosts, key type, base64 key): ${line.slice(0, 60)}`);
      continue;
    }
    const hosts: Array<{ host: string; port: number }> = [];
    for (const name of names.split(',')) {
      if (name.startsWith('|')) hosts.push(...candidates.filter((c) => hashedMatches(name, c.host, c.port)));
      else if (/[*?!]/.test(name)) skipped.push(`the pattern ${name} names no single host`);
      else {
        const parsed = parseName(name);
        if (parsed) hosts.push(parsed);
        else skipped.push(`not a host name: ${name}`);
      }
    }
    if (hosts.length === 0 && names.startsWith('|')) skipped.push(`a hashed name that matches none of this cluster's hosts: ${line.slice(0, 40)}…`);
    for (const { host, port } of hosts) {
      const key = { host, port, keyType: type, fingerprint: fingerprintOf(blob) };
      const current = found.get(`${host}:${port}`);
      const rank = (t: string | null) => (t && PREFERENCE.includes(t) ? PREFERENCE.indexOf(t) : PREFERENCE.length);
      if (!current || rank(type) < rank(current.keyType)) found.set(`${host}:${port}`, key);
    }
  }
  return { keys: [...found.values()], skipped };
}
