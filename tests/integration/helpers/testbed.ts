import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const testbedUp = process.getuid?.() === 0;
export const TESTBED = path.resolve('.testbed');
export const ADDRESSES: Record<string, string> = { vm1: '10.77.0.11', vm2: '10.77.0.12', vm3: '10.77.0.13', vm4: '10.77.0.14' };

export const rootKey = () => readFileSync(path.join(TESTBED, 'id_ed25519'), 'utf8');
export const deployPassword = () => readFileSync(path.join(TESTBED, 'deploy-password'), 'utf8').trim();

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
