import 'server-only';
import { Client } from 'ssh2';
import { algorithmsFor, fingerprintOf, keyTypeOf, type HostKey } from './host-keys';

/** Raised when a host's key could not be read: unreachable, or not an SSH server. */
export class HostKeyScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostKeyScanError';
  }
}

/**
 * The key a host presents, read during the SSH handshake; the connection is dropped right after it, before any
 * login is tried (so no credential is sent to a host nobody has checked yet). With `keyType`, the host is asked
 * for a key of that type; `publicKey` is the key itself (base64, as known_hosts writes it).
 */
export function scanHostKey(host: string, port: number, timeoutMs = 10_000, keyType?: string): Promise<HostKey & { publicKey: string }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let key: (HostKey & { publicKey: string }) | null = null;
    const done = () => {
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end();
      if (key) resolve(key);
    };
    client.on('error', (err: Error & { code?: string }) => {
      if (key) return done();
      const reason = err.code === 'ECONNREFUSED' ? 'connection refused (is sshd running?)' : /timed out/i.test(err.message) ? 'timed out' : (err.code ?? err.message);
      done();
      reject(new HostKeyScanError(`cannot read the SSH host key of ${host}:${port}: ${reason}`));
    });
    client.on('ready', done);
    client.connect({
      host,
      port,
      // Never used: the handshake stops at the host key.
      username: 'pgcascade-host-key-check',
      readyTimeout: timeoutMs,
      ...(keyType ? { algorithms: { serverHostKey: algorithmsFor(keyType) as never } } : {}),
      hostVerifier: (blob: Buffer) => {
        key = { host, port, keyType: keyTypeOf(blob), fingerprint: fingerprintOf(blob), publicKey: blob.toString('base64') };
        setImmediate(done);
        return false;
      },
    });
  });
}
