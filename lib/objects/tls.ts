import { tlsEnabled, type Topology } from '@/lib/topology/schema';
import { certificateProblem, createCa, describeCertificate, issueNodeCertificate, NODE_CERT_DAYS, RENEW_DAYS } from '@/lib/tls/certificates';
import { nodeFiles, type Layout } from '@/lib/plan/layout';
import { nodeAddress } from '@/lib/plan/derive/node-facts';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'write-tls'>;

/** The cluster's CA certificate and private key (the key never leaves the panel). */
export const CA_CERT_SECRET = 'tls_ca_cert';
export const CA_KEY_SECRET = 'tls_ca_key';
export const certSecretOf = (node: string) => `tls_cert_${node}`;
export const keySecretOf = (node: string) => `tls_key_${node}`;
const ref = (name: string) => `{{secret:${name}}}`;

/** The names peers use for a node: its address (local nodes: 127.0.0.1 and localhost). */
export function certificateHosts(t: Topology, node: string): string[] {
  return t.provider === 'local' ? ['127.0.0.1', 'localhost'] : [nodeAddress(t, node)];
}

/** Where the node's TLS files are, when the cluster talks TLS (null otherwise). */
export function tlsFiles(t: Topology, layout: Layout, node: string): { dir: string; certFile: string; keyFile: string; caFile: string } | null {
  if (!tlsEnabled(t)) return null;
  const dir = nodeFiles(layout, node).tlsDir;
  return { dir, certFile: `${dir}/server.crt`, keyFile: `${dir}/server.key`, caFile: `${dir}/ca.crt` };
}

function writeCommands(layout: Layout, p: Params, nodeDir: string | null): Command[] {
  return [
    ...(nodeDir ? [makeDirCommand(layout, nodeDir)] : []),
    makeDirCommand(layout, p.dir),
    { type: 'file', path: p.caFile, content: ref(CA_CERT_SECRET), mode: 0o644, asPostgres: true },
    { type: 'file', path: p.certFile, content: ref(p.certSecret), mode: 0o644, asPostgres: true },
    // PostgreSQL refuses a key that others can read.
    { type: 'file', path: p.keyFile, content: ref(p.keySecret), mode: 0o600, asPostgres: true },
  ];
}

/** The node's server certificate, key and the cluster's CA, written before its settings turn `ssl` on. */
export function tlsStep(t: Topology, layout: Layout, node: string): Step | null {
  const files = tlsFiles(t, layout, node);
  if (!files) return null;
  const hosts = certificateHosts(t, node);
  const params: Params = { kind: 'write-tls', ...files, hosts, certSecret: certSecretOf(node), keySecret: keySecretOf(node) };
  return {
    id: `${node}/write-tls`,
    node,
    kind: 'write-tls',
    summary: `Install ${node}'s server certificate for ${hosts.join(', ')} and the cluster's CA (${files.dir})`,
    commands: writeCommands(layout, params, nodeFiles(layout, node).nodeDir),
    params,
  };
}

interface LiveTls {
  cert: string | null;
  key: string | null;
  ca: string | null;
  running: boolean;
}

export const tls = objectModule<'write-tls', LiveTls>({
  kind: 'write-tls',
  async read(io, p) {
    const [cert, key, ca, running] = await Promise.all([io.readFile(p.certFile), io.readFile(p.keyFile), io.readFile(p.caFile), io.isRunning()]);
    return { cert, key, ca, running };
  },
  diff(p, live, secrets): Change | null {
    const wantedCa = secrets[CA_CERT_SECRET];
    const wantedCert = secrets[p.certSecret];
    const expected = wantedCert ? describeCertificate(wantedCert) : `a certificate for ${p.hosts.join(', ')} from the cluster's CA`;
    const actual = live.cert === null ? 'missing' : describeCertificate(live.cert);
    // A running server loads new files only when it reloads.
    const reload = live.running ? [sqlCommand('postgres', 'SELECT pg_reload_conf()')] : [];
    const missing = [live.cert === null ? p.certFile : null, live.key === null ? p.keyFile : null, live.ca === null ? p.caFile : null].filter((f): f is string => f !== null);
    if (missing.length === 3) return { action: 'create', reason: `${p.dir} has no certificate yet`, commands: reload, planned: true, expected, actual };
    const reasons: string[] = [];
    if (missing.length > 0) reasons.push(`${missing.join(', ')} missing`);
    if (live.ca !== null && wantedCa !== undefined && live.ca !== wantedCa) reasons.push(`${p.caFile} is not the cluster's CA`);
    const problem = live.cert !== null && (wantedCa ?? live.ca) ? certificateProblem(live.cert, (wantedCa ?? live.ca) as string, p.hosts, live.key) : null;
    if (problem) reasons.push(`the server certificate ${problem}`);
    else if (live.cert !== null && wantedCert !== undefined && live.cert !== wantedCert) reasons.push('the server certificate is not the one pgcascade issued last (renewed)');
    if (!problem && live.key !== null && secrets[p.keySecret] !== undefined && live.key !== secrets[p.keySecret]) reasons.push(`${p.keyFile} is not the certificate's key`);
    if (reasons.length === 0) return null;
    // A new certificate is a rewrite and a reload, never destructive: 'change', not 'replace' (which asks for a confirmation).
    return { action: 'change', reason: `TLS: ${reasons.join('; ')}`, commands: reload, planned: true, expected, actual };
  },
});

/**
 * The TLS secrets to store so that every node has a valid certificate from the cluster's CA: a CA when there is
 * none, and a new certificate for each node whose stored one is missing, for other names, from another CA, or
 * ends within the renewal window. Empty when everything stored is still good (a re-apply changes nothing).
 */
export function tlsSecretsToIssue(t: Topology, stored: Readonly<Record<string, string>>, now = new Date()): Record<string, string> {
  if (!tlsEnabled(t)) return {};
  const out: Record<string, string> = {};
  let ca = stored[CA_CERT_SECRET] && stored[CA_KEY_SECRET] ? { cert: stored[CA_CERT_SECRET], key: stored[CA_KEY_SECRET] } : null;
  // A CA that ends within a node certificate's lifetime is replaced (and with it every node's certificate).
  if (!ca || certificateProblem(ca.cert, ca.cert, [], null, now, NODE_CERT_DAYS + RENEW_DAYS)) {
    ca = createCa(t.name, now);
    out[CA_CERT_SECRET] = ca.cert;
    out[CA_KEY_SECRET] = ca.key;
  }
  for (const { name } of t.nodes) {
    const hosts = certificateHosts(t, name);
    const cert = stored[certSecretOf(name)];
    const key = stored[keySecretOf(name)];
    if (cert && key && !out[CA_CERT_SECRET] && !certificateProblem(cert, ca.cert, hosts, key, now)) continue;
    const issued = issueNodeCertificate(ca, name, hosts, now);
    out[certSecretOf(name)] = issued.cert;
    out[keySecretOf(name)] = issued.key;
  }
  return out;
}
