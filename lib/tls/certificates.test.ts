import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateNames, certificateProblem, createCa, issueNodeCertificate, NODE_CERT_DAYS, RENEW_DAYS } from './certificates';

const DAY = 86_400_000;

describe('a cluster CA and node certificates, written in DER by pgcascade', () => {
  const ca = createCa('demo');
  const node = issueNodeCertificate(ca, 'vm1', ['10.0.0.11']);

  it('makes a CA that signs only certificates, and a server certificate OpenSSL verifies for its address', () => {
    const caCert = new X509Certificate(ca.cert);
    expect(caCert.ca).toBe(true);
    const cert = new X509Certificate(node.cert);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIP('10.0.0.11')).toBe('10.0.0.11');
    expect(cert.checkHost('10.0.0.11')).toBe('10.0.0.11'); // a dNSName too, for libpq 14 and older
    expect(cert.checkIP('10.0.0.12')).toBeUndefined();
    expect(certificateNames(cert)).toEqual(['10.0.0.11']);
    expect(node.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(certificateProblem(node.cert, ca.cert, ['10.0.0.11'], node.key)).toBeNull();
  });

  it('names DNS hosts and IPv6 addresses as they are', () => {
    const cert = new X509Certificate(issueNodeCertificate(ca, 'vm2', ['db2.example.com', 'fd00::12']).cert);
    expect(cert.checkHost('db2.example.com')).toBe('db2.example.com');
    expect(cert.checkIP('fd00:0:0:0:0:0:0:12')).toBeDefined();
  });

  it('says why a certificate does not do: another CA, other names, near its end, a key of another certificate', () => {
    expect(certificateProblem(node.cert, createCa('other').cert, ['10.0.0.11'], null)).toMatch(/not signed by the cluster's CA/);
    expect(certificateProblem(node.cert, ca.cert, ['10.0.0.99'], null)).toBe('it is for 10.0.0.11, not 10.0.0.99');
    const later = new Date(Date.now() + (NODE_CERT_DAYS - RENEW_DAYS + 1) * DAY);
    expect(certificateProblem(node.cert, ca.cert, ['10.0.0.11'], null, later)).toMatch(/^it expires on \d{4}-\d\d-\d\d \(renewed within 30 days of its end\)$/);
    expect(certificateProblem(node.cert, ca.cert, ['10.0.0.11'], issueNodeCertificate(ca, 'vm1', ['10.0.0.11']).key)).toBe('the key file does not belong to the certificate');
    expect(certificateProblem('garbage', ca.cert, [], null)).toMatch(/not a PEM certificate/);
  });
});
