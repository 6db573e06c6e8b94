import path from 'node:path';
import { installHint } from '@/lib/hosts/find-binaries';
import type { Step } from '@/lib/plan/types';
import { PreflightError, type StepContext, type StepResult } from '../step-context';
import { paramsOf } from './params';
import { exists, isRunning } from './shared';

export async function checkBinaries(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-binaries');
  if (!p.binDir) throw new PreflightError(installHint(p.postgresVersion));
  // The clusters run as another OS user, which must be able to reach their folder.
  let dir = p.root;
  while (dir !== '/' && !(await exists(ctx, dir))) dir = path.dirname(dir);
  const reach = await ctx.executor.run(['test', '-x', dir], { asPostgres: true, allowFailure: true });
  if (reach.exitCode !== 0) {
    throw new PreflightError(`the OS user the clusters run as (postgres) cannot enter ${dir}: give it search permission (chmod o+x ${dir}) or set PGCASCADE_DATA_DIR to a folder it can reach`);
  }
  return 'unchanged';
}

/** Login, sudo, OS, architecture, PostgreSQL present or installable, free disk: everything before any change. */
export async function checkHost(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-host');
  const where = `${step.node} (${p.address})`;
  // The executor connects, checks the host key and sudo on its first command; its errors name the cause.
  const probe = await ctx.executor.run(['sh', '-c', '. /etc/os-release 2>/dev/null; echo "${ID:-unknown} ${ID_LIKE:-} ${VERSION_CODENAME:-}"; uname -m; df -Pk /var/lib | tail -1'], {});
  const [os = '', arch = '', df = ''] = probe.stdout.trim().split('\n');
  ctx.log('info', `${where}: ${os.trim()}, ${arch.trim()}`);
  const problems: string[] = [];
  if (!/\b(debian|ubuntu)\b/.test(os)) problems.push(`${where} runs "${os.trim()}": pgcascade supports Debian and Ubuntu hosts (apt, postgresql-common)`);
  if (!['x86_64', 'aarch64', 'arm64'].includes(arch.trim())) problems.push(`${where} is ${arch.trim()}: PostgreSQL packages exist for amd64 and arm64 hosts`);
  const freeKb = Number(df.trim().split(/\s+/)[3] ?? 0);
  if (freeKb < 1024 * 1024) problems.push(`${where} has ${Math.round(freeKb / 1024)} MiB free under /var/lib: free at least 1 GiB for the data and WAL`);
  const installed = await exists(ctx, `/usr/lib/postgresql/${p.postgresVersion}/bin/postgres`);
  if (!installed) {
    const apt = await ctx.executor.run(['sh', '-c', 'command -v apt-get'], { allowFailure: true });
    if (apt.exitCode !== 0) problems.push(`${where} has no PostgreSQL ${p.postgresVersion} and no apt-get to install it`);
    else ctx.log('info', `${where}: PostgreSQL ${p.postgresVersion} is not installed yet; it will be installed with apt`);
  }
  if (problems.length > 0) throw new PreflightError(problems.join('; '));
  return 'unchanged';
}

/** The port must be free, or be this node's own running cluster (a re-apply). Asked on the host itself. */
export async function checkPort(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-port');
  const range = await ctx.executor.readFile('/proc/sys/net/ipv4/ip_local_port_range').catch(() => null);
  const [low, high] = (range ?? '').trim().split(/\s+/).map(Number);
  const reserved = (await ctx.executor.readFile('/proc/sys/net/ipv4/ip_local_reserved_ports').catch(() => null)) ?? '';
  if (low && high && p.port >= low && p.port <= high && !portInList(reserved, p.port)) {
    ctx.log('info', `note: port ${p.port} is inside this host's ephemeral range (${low}-${high}), where outgoing connections pick their ports; reserve it (sysctl net.ipv4.ip_local_reserved_ports=${p.port}) or use a port below ${low}`);
  }
  const probe = await ctx.executor.run(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/$0', String(p.port)], { allowFailure: true });
  if (probe.exitCode !== 0) return 'unchanged';
  if ((await exists(ctx, `${p.dataDir}/PG_VERSION`)) && (await isRunning(ctx, p.service))) {
    const pid = await ctx.executor.readFile(`${p.dataDir}/postmaster.pid`);
    if (pid?.split('\n')[3]?.trim() === String(p.port)) return 'unchanged';
  }
  throw new PreflightError(
    `port ${p.port} on ${step.node} is already in use by another program, not by ${step.node}'s PostgreSQL: choose another port for ${step.node} or stop what listens there (ss -ltnp 'sport = :${p.port}')`,
  );
}

/** Whether a port is in a sysctl port list such as "5432,55400-56999". */
export function portInList(list: string, port: number): boolean {
  return list
    .split(',')
    .map((part) => part.trim().split('-').map(Number))
    .some(([a, b]) => a !== undefined && port >= a && port <= (b ?? a));
}
