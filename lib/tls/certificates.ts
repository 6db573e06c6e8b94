import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { bitString, boolean, explicit, implicit, octetString, oid, sequence, set, time, unsignedInteger, utf8String } from './der';

/** A certificate and its private key, both PEM. */
export interface KeyPair {
  cert: string;
  key: string;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const DAY_MS = 86_400_000;
/** A cluster's CA lives ten years; each node's certificate one, renewed well before it ends. */
export const CA_DAYS = 3650;
export const NODE_CERT_DAYS = 365;
/** A node's certificate is replaced when it ends within this many days. */
export const RENEW_DAYS = 30;

const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The SHA-1 of the public key's bits (RFC 5280 4.2.1.2, method 1). */
function keyId(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The BIT STRING is the SPKI's last element; its bytes after the unused-bits octet are the key.
  const bits = spki.subarray(spki.length - 65);
  return createHash('sha1').update(bits).digest();
}

/** One subjectAltName entry per host: an iPAddress for an address (plus a dNSName with its text, for libpq 14 and older), a dNSName otherwise. */
function altNames(hosts: readonly string[]): Buffer {
  const entries: Buffer[] = [];
  for (const host of hosts) {
    const family = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 4 : host.includes(':') ? 6 : 0;
    if (family === 4) entries.push(implicit(7, Buffer.from(host.split('.').map(Number))));
    else if (family === 6) entries.push(implicit(7, ipv6Bytes(host)));
    entries.push(implicit(2, Buffer.from(host, 'ascii')));
  }
  return sequence(...entries);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = address.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(all.map((g) => Buffer.from(g.padStart(4, '0'), 'hex')));
}

interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  issuerKeyId: Buffer;
  days: number;
  extensions: Buffer[];
  now: Date;
}

function signCertificate(s: CertSpec): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] as number) & 0x7f;
  const notBefore = new Date(s.now.getTime() - 5 * 60_000); // a little slack for clocks a few minutes behind
  const notAfter = new Date(s.now.getTime() + s.days * DAY_MS);
  const extensions = [...s.extensions, extension('2.5.29.14', false, octetString(keyId(s.publicKey))), extension('2.5.29.35', false, sequence(implicit(0, s.issuerKeyId)))];
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    ECDSA_SHA256,
    name(s.issuer),
    sequence(time(notBefore), time(notAfter)),
    name(s.subject),
    s.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, s.signer);
  const der = sequence(tbs, ECDSA_SHA256, bitString(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

const newKey = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pemKey = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A cluster's own certificate authority: it signs the nodes' certificates and nothing else (pathlen 0). */
export function createCa(clusterName: string, now = new Date()): KeyPair {
  const { publicKey, privateKey } = newKey();
  const subject = `pgcascade CA ${clusterName}`.slice(0, 64);
  const cert = signCertificate({
    subject,
    issuer: subject,
    publicKey,
    signer: privateKey,
    issuerKeyId: keyId(publicKey),
    days: CA_DAYS,
    now,
    extensions: [
      extension('2.5.29.19', true, sequence(boolean(true), unsignedInteger(Buffer.from([0])))),
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
    ],
  });
  return { cert, key: pemKey(privateKey) };
}

/** A node's server certificate for the names peers connect to, signed by the cluster's CA. */
export function issueNodeCertificate(ca: KeyPair, node: string, hosts: readonly string[], now = new Date()): KeyPair {
  const { publicKey, privateKey } = newKey();
  const caCert = new X509Certificate(ca.cert);
  const cert = signCertificate({
    subject: hosts[0] ?? node,
    issuer: commonNameOf(caCert),
    publicKey,
    signer: createPrivateKey(ca.key),
    issuerKeyId: keyId(caCert.publicKey),
    days: NODE_CERT_DAYS,
    now,
    extensions: [
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, bitString(Buffer.from([0x88]), 3)), // digitalSignature, keyAgreement
      extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
      extension('2.5.29.17', false, altNames(hosts)),
    ],
  });
  return { cert, key: pemKey(privateKey) };
}

function commonNameOf(cert: X509Certificate): string {
  return /CN=([^\n]+)/.exec(cert.subject)?.[1] ?? '';
}

/** Why this certificate does not serve `hosts` for the CA until at least `renewDays` from now; null when it does. */
export function certificateProblem(certPem: string, caPem: string, hosts: readonly string[], keyPem: string | null, now = new Date(), renewDays = RENEW_DAYS): string | null {
  let cert: X509Certificate;
  let ca: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    ca = new X509Certificate(caPem);
  } catch {
    return 'the certificate or the CA file is not a PEM certificate';
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return `it is not signed by the cluster's CA (issuer ${cert.issuer.replace(/\n/g, ', ')})`;
  const names = certificateNames(cert);
  const missing = hosts.filter((h) => !names.includes(h));
  if (missing.length > 0) return `it is for ${names.join(', ') || 'no name'}, not ${missing.join(', ')}`;
  const ends = new Date(cert.validTo);
  if (ends.getTime() < now.getTime() + renewDays * DAY_MS) return `it ${ends.getTime() < now.getTime() ? 'expired' : 'expires'} on ${ends.toISOString().slice(0, 10)} (renewed within ${renewDays} days of its end)`;
  if (keyPem !== null) {
    try {
      if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'the key file does not belong to the certificate';
    } catch {
      return 'the key file is not a private key';
    }
  }
  return null;
}

/** The names a certificate's subjectAltName carries (addresses and DNS names alike). */
export function certificateNames(cert: X509Certificate): string[] {
  return [...new Set((cert.subjectAltName ?? '').split(', ').map((e) => e.replace(/^(DNS|IP Address):/, '')).filter(Boolean))];
}

/** "serial 4F…, for 10.0.0.1, until 2027-01-02": a certificate as people compare them (never the key). */
export function describeCertificate(certPem: string): string {
  try {
    const cert = new X509Certificate(certPem);
    return `for ${certificateNames(cert).join(', ')}, until ${new Date(cert.validTo).toISOString().slice(0, 10)}, fingerprint ${cert.fingerprint256.slice(0, 23)}`;
  } catch {
    return 'not a certificate';
  }
}

