import path from 'node:path';
import { installHint } from '@/lib/hosts/find-binaries';
import { HostError } from '@/lib/hosts/host-error';
import type { Step, StepParams } from '@/lib/plan/types';
import { PreflightError, type StepContext, type StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { exists, isRunning } from './shared';

export async function checkBinaries(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-binaries');
  if (!p.binDir) throw new PreflightError(installHint(p.postgresVersion));
  // The clusters run as another OS user, which must be able to reach their folder.
  let dir = p.root;
  while (dir !== '/' && !(await exists(ctx, dir))) dir = path.dirname(dir);
  const reach = await ctx.executor.run(['test', '-x', dir], { asPostgres: true, allowFailure: true });
  if (reach.exitCode !== 0) {
    throw new PreflightError(
      `the OS user the clusters run as (postgres) cannot enter ${dir}: give it search permission (chmod o+x ${dir}) or set PGCASCADE_DATA_DIR to a folder it can reach`,
    );
  }
  return 'unchanged';
}

/** Login, sudo, OS, architecture, PostgreSQL present or installable, free disk: everything before any change. */
export async function checkHost(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-host');
  const where = `${step.node} (${p.address})`;
  // The executor connects, checks the host key and sudo on its first command; its errors name the cause.
  const probe = await ctx.executor.run(
    [
      'sh',
      '-c',
      '. /etc/os-release 2>/dev/null; echo "${ID:-unknown} ${ID_LIKE:-} ${VERSION_CODENAME:-}"; uname -m; df -Pk /var/lib | tail -1',
    ],
    {},
  );
  const [os = '', arch = '', df = ''] = probe.stdout.trim().split('\n');
  ctx.log('info', `${where}: ${os.trim()}, ${arch.trim()}`);
  const problems: string[] = [];
  if (!/\b(debian|ubuntu)\b/.test(os))
    problems.push(
      `${where} runs "${os.trim()}": pgcascade supports Debian and Ubuntu hosts (apt, postgresql-common)`,
    );
  if (!['x86_64', 'aarch64', 'arm64'].includes(arch.trim()))
    problems.push(`${where} is ${arch.trim()}: PostgreSQL packages exist for amd64 and arm64 hosts`);
  const freeKb = Number(df.trim().split(/\s+/)[3] ?? 0);
  if (freeKb < 1024 * 1024)
    problems.push(
      `${where} has ${Math.round(freeKb / 1024)} MiB free under /var/lib: free at least 1 GiB for the data and WAL`,
    );
  const installed = await exists(ctx, `/usr/lib/postgresql/${p.postgresVersion}/bin/postgres`);
  if (!installed) {
    const apt = await ctx.executor.run(['sh', '-c', 'command -v apt-get'], { allowFailure: true });
    if (apt.exitCode !== 0)
      problems.push(`${where} has no PostgreSQL ${p.postgresVersion} and no apt-get to install it`);
    else
      ctx.log(
        'info',
        `${where}: PostgreSQL ${p.postgresVersion} is not installed yet; it will be installed with apt`,
      );
  }
  if (problems.length > 0) throw new PreflightError(problems.join('; '));
  return 'unchanged';
}

/** The port must be free, or be this node's own running cluster (a re-apply). Asked on the host itself. */
export async function checkPort(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-port');
  // The three reads are independent: at once (over SSH each is a round trip).
  const [range, reservedFile, probe] = await Promise.all([
    ctx.executor.readFile('/proc/sys/net/ipv4/ip_local_port_range').catch(() => null),
    ctx.executor.readFile('/proc/sys/net/ipv4/ip_local_reserved_ports').catch(() => null),
    ctx.executor.run(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/$0', String(p.port)], { allowFailure: true }),
  ]);
  const [low, high] = (range ?? '').trim().split(/\s+/).map(Number);
  const reserved = reservedFile ?? '';
  if (low && high && p.port >= low && p.port <= high && !portInList(reserved, p.port)) {
    ctx.log(
      'info',
      `note: port ${p.port} is inside this host's ephemeral range (${low}-${high}), where outgoing connections pick their ports; reserve it (sysctl net.ipv4.ip_local_reserved_ports=${p.port}) or use a port below ${low}`,
    );
  }
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

/** The argv of the step's planned shell command (checks run it themselves, to read a failing exit code). */
function plannedArgv(step: Step): string[] {
  const command = step.commands[0];
  if (command?.type !== 'shell') throw new Error(`step ${step.id} has no shell command`);
  return command.argv;
}

/** Host clock minus the panel's clock, with the panel's clock taken at the middle of the round trip (± half of it). */
export function clockSkew(
  sentMs: number,
  hostMs: number,
  receivedMs: number,
): { skewMs: number; errorMs: number } {
  return { skewMs: hostMs - (sentMs + receivedMs) / 2, errorMs: (receivedMs - sentMs) / 2 };
}

/** Only what the skew surely is, beyond the measurement's uncertainty, counts against a threshold. */
export function judgeSkew(
  skewMs: number,
  errorMs: number,
  p: Pick<Extract<StepParams, { kind: 'check-clock' }>, 'warnMs' | 'blockMs'>,
): 'ok' | 'warn' | 'block' {
  const sure = Math.abs(skewMs) - errorMs;
  if (sure > p.blockMs) return 'block';
  return sure > p.warnMs ? 'warn' : 'ok';
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${(abs / 1000).toFixed(abs < 10_000 ? 3 : 1)} s`;
  if (abs < 3_600_000) return `${(abs / 60_000).toFixed(1)} min`;
  return `${(abs / 3_600_000).toFixed(1)} h`;
}

/** The host's clock against the panel's: a note above warnMs, a blocking problem above blockMs. */
export async function checkClock(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-clock');
  const sent = Date.now();
  const out = (await ctx.executor.run(plannedArgv(step), { timeoutMs: 30_000 })).stdout.trim();
  const received = Date.now();
  if (!/^\d{12,}$/.test(out)) {
    throw new PreflightError(
      `${step.node}'s clock could not be read: \`date +%s%3N\` printed "${out.slice(0, 80)}" instead of milliseconds since 1970 (pgcascade needs GNU date, from coreutils)`,
    );
  }
  const { skewMs, errorMs } = clockSkew(sent, Number(out), received);
  const direction = skewMs >= 0 ? 'ahead of' : 'behind';
  const said = `${step.node}'s clock is ${formatDuration(skewMs)} ${direction} the panel's (±${formatDuration(errorMs)})`;
  const fix = `enable time sync on ${step.node} (timedatectl set-ntp true for systemd-timesyncd, or apt-get install chrony) and check it with timedatectl; if the panel's clock is the wrong one, fix it there`;
  const verdict = judgeSkew(skewMs, errorMs, p);
  if (verdict === 'block') {
    throw new PreflightError(
      `${said}: above ${formatDuration(p.blockMs)}, apt rejects package lists as not valid yet and TLS certificates and timestamps go wrong. ${fix}`,
    );
  }
  ctx.log(
    'info',
    verdict === 'warn'
      ? `note: ${said}: log and replication timestamps of ${step.node} will disagree with the panel's; ${fix}`
      : said,
  );
  return 'unchanged';
}

/** How long an upstream that answers "rejecting connections" (starting up, recovering) is given. */
const REJECTING_WAIT_MS = 15_000;

/** From the node itself, pg_isready against its upstream's address and port. Changes nothing. */
export async function checkReachable(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-reachable');
  const argv = plannedArgv(step);
  const deadline = Date.now() + REJECTING_WAIT_MS;
  for (;;) {
    const r = await ctx.executor.run(argv, { allowFailure: true, timeoutMs: 30_000 });
    const said = `${r.stdout}${r.stderr}`.trim();
    if (r.exitCode === 0) {
      ctx.log('info', `${step.node} → ${p.upstream}: ${said || 'accepting connections'}`);
      if (p.tls) await checkTls(ctx, step, p);
      return 'unchanged';
    }
    if (r.exitCode !== 1 || Date.now() > deadline)
      throw new HostError(reachableProblem(step.node, p, r.exitCode), argv.join(' '), r.exitCode, said);
    ctx.throwIfCancelled();
    await sleep(1000);
  }
}

/**
 * The TLS handshake as the subscription or standby makes it. Only the server says FATAL, and it speaks only once the
 * handshake passed (then a refused login is fine: no password is given); libpq's own errors are about TLS.
 */
async function checkTls(ctx: StepContext, step: Step, p: Extract<StepParams, { kind: 'check-reachable' }>): Promise<void> {
  const command = step.commands[1];
  if (command?.type !== 'shell' || !p.tls) return;
  const r = await ctx.executor.run(command.argv, { asPostgres: command.asPostgres, allowFailure: true, timeoutMs: 30_000 });
  const said = `${r.stdout}${r.stderr}`.trim();
  if (r.exitCode === 0 || /FATAL|no password supplied/.test(said)) {
    ctx.log('info', `${step.node} → ${p.upstream}: the server's certificate verifies against ${p.tls.caFile} for ${p.host}`);
    return;
  }
  const reason = said.split('\n').filter((l) => l.trim() && !l.startsWith('WARNING')).map((l) => l.replace(/^psql: error: /, '').trim()).join(' ') || said;
  throw new PreflightError(
    `${step.node} cannot verify ${p.upstream}'s TLS certificate at ${p.host}:${p.port} (sslmode=verify-full, CA ${p.tls.caFile}): ${reason}. ` +
      `${p.upstream} must serve the certificate pgcascade issued for ${p.host} from the cluster's CA (ssl_cert_file, ssl_key_file in its settings; SELECT pg_reload_conf() after a change): re-apply, or fix ${p.upstream}'s ssl settings`,
  );
}

/** What pg_isready's exit code means for this path, and what to do about it. */
export function reachableProblem(
  node: string,
  p: Extract<StepParams, { kind: 'check-reachable' }>,
  exitCode: number,
): string {
  const target = `${p.upstream}'s PostgreSQL at ${p.host}:${p.port}`;
  switch (exitCode) {
    case 1:
      return `${target} still rejects connections after ${REJECTING_WAIT_MS / 1000} s (starting up, shutting down or in recovery): see ${p.upstream}'s server log, then retry`;
    case 2: {
      const listen = `on ${p.upstream}, check that PostgreSQL runs on port ${p.port} and that listen_addresses includes ${p.host} (SHOW listen_addresses; it takes a restart)`;
      if (p.host === '127.0.0.1') return `${node} gets no answer from ${target}: ${listen}`;
      return (
        `${node} (${p.fromAddress}) gets no answer from ${target}: ${listen}; ` +
        `that ${p.upstream}'s firewall lets ${node} in (ufw allow from ${p.fromAddress} to any port ${p.port} proto tcp); ` +
        `and that ${p.host} is ${p.upstream}'s address as ${node} sees it (fix the address in the topology otherwise)`
      );
    }
    case 3:
      return `pg_isready on ${node} rejected -h ${p.host} -p ${p.port}: fix ${p.upstream}'s address or port in the topology`;
    case 127:
      return `pg_isready is not installed on ${node}: install the PostgreSQL client package, then retry`;
    default:
      return `pg_isready on ${node} could not test ${target} (exit ${exitCode})`;
  }
}
