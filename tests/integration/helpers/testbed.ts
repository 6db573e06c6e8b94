import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fingerprintOf } from '@/lib/hosts/host-keys';
import { api } from './api';

export const testbedUp = process.getuid?.() === 0;
export const TESTBED = path.resolve('.testbed');
export const ADDRESSES: Record<string, string> = { vm1: '10.77.0.11', vm2: '10.77.0.12', vm3: '10.77.0.13', vm4: '10.77.0.14' };

export const rootKey = () => readFileSync(path.join(TESTBED, 'id_ed25519'), 'utf8');
export const deployPassword = () => readFileSync(path.join(TESTBED, 'deploy-password'), 'utf8').trim();
/** The password of `cloudops`, whose sudo is NOPASSWD: given as sudoPassword, it must never be sent anywhere. */
export const cloudopsPassword = () => readFileSync(path.join(TESTBED, 'cloudops-password'), 'utf8').trim();

/** A test host's known_hosts line, from the host key testbed:up made for it. */
export function knownHostsLine(node: string): string {
  const [type, key] = readFileSync(path.join(TESTBED, node, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
  return `${ADDRESSES[node]} ${type} ${key}`;
}

/** A test host's key as the panel stores an accepted one. */
export function testbedHostKey(node: string): { fingerprint: string; keyType: string } {
  const [type, key] = knownHostsLine(node).split(' ').slice(1);
  return { keyType: type!, fingerprint: fingerprintOf(Buffer.from(key!, 'base64')) };
}

/** Accept the four test hosts' keys in a panel, as a person would before the first apply. */
export async function acceptTestbedHostKeys(panelUrl: string): Promise<void> {
  const r = await api(panelUrl, 'POST', '/api/host-keys', { knownHosts: Object.keys(ADDRESSES).map(knownHostsLine).join('\n') });
  if (r.status !== 201) throw new Error(`accepting the test bed's host keys failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** ssh to a test host as root, over the system's ssh client (independent of the panel's ssh2); the command follows. */
export function sshArgv(node: string): string[] {
  return ['ssh', '-i', path.join(TESTBED, 'id_ed25519'), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `root@${ADDRESSES[node]}`];
}

/** Run a command on a test host as root. */
export function onHost(node: string, command: string): string {
  const [ssh, ...args] = sshArgv(node);
  return execFileSync(ssh!, [...args, command], { encoding: 'utf8', timeout: 30_000 }).trim();
}

/** How to start psql on a test host as the postgres OS user (the writer appends its flags). */
export function psqlOnHostArgv(node: string, database: string): string[] {
  return [...sshArgv(node), `cd /tmp && runuser -u postgres -- psql -d ${database}`];
}

/** SQL on a test host, as the postgres OS user over its socket (peer authentication). */
export function sqlOnHost(node: string, database: string, sql: string): string {
  return onHost(node, `cd /tmp && runuser -u postgres -- psql -X -A -t -v ON_ERROR_STOP=1 -d ${database} -c ${JSON.stringify(sql)}`);
}

/** A fingerprint of every file under the host's PostgreSQL configuration and data folders, to prove nothing changed. */
export function hostState(node: string): string {
  return onHost(node, 'cd / && find /etc/postgresql /var/lib/postgresql -type f -not -path "*/pg_stat_tmp/*" 2>/dev/null | sort | xargs -r md5sum | md5sum; pg_lsclusters -h 2>/dev/null | md5sum');
}
