import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sshExample from '../../examples/four-node.ssh.json';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { eventually } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { ADDRESSES, cloudopsPassword, deployPassword, hostState, onHost, rootKey, sqlOnHost, sshArgv, testbedHostKey, testbedUp } from './helpers/testbed';

type Node = (typeof sshExample.nodes)[number] & { ssh: Record<string, unknown> };

/**
 * The reference topology on the test bed: root with the bed's key everywhere, except vm2 reached as deploy (sudo
 * asks a password) and vm3 as cloudops (NOPASSWD sudo) given a sudo password all the same.
 */
function topology(change: (nodes: Node[]) => void = () => undefined) {
  const nodes = sshExample.nodes.map((n) => ({ ...n, ssh: { user: 'root', privateKey: rootKey() } })) as Node[];
  nodes[1]!.ssh = { user: 'deploy', privateKey: rootKey(), sudoPassword: deployPassword() };
  nodes[2]!.ssh = { user: 'cloudops', privateKey: rootKey(), sudoPassword: cloudopsPassword() };
  change(nodes);
  return { ...sshExample, nodes };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.skipIf(!testbedUp)('the four-node topology on four SSH hosts (test bed)', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let clusterId = '';
  const jobIds: string[] = [];
  const responses: string[] = [];
  const hosts = ['vm1', 'vm2', 'vm3', 'vm4'];
  const remember = async <T>(p: Promise<{ status: number; body: T }>) => {
    const r = await p;
    responses.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    return r;
  };

  beforeAll(async () => {
    panel = await startPanel(3104, dataDir);
  });
  afterAll(async () => {
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses every host whose SSH key nobody accepted, showing its fingerprint, with no host changed', async () => {
    const before = hosts.map(hostState);
    const created = await remember(api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', { ...topology(), name: 'host keys not accepted' }));
    expect(created.status).toBe(201);
    jobIds.push(created.body.jobId);
    const job = await waitForJob(panel.url, created.body.jobId, 120_000);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^pre-flight found \d+ problems; nothing was changed/);
    for (const node of hosts) {
      const line = job.error?.split('\n').find((l) => l.startsWith(`- ${node}: `)) ?? '';
      expect(line).toContain(`the SSH host key of ${node} (${ADDRESSES[node]}:22) has not been accepted: the host presents ssh-ed25519 ${testbedHostKey(node).fingerprint}`);
      expect(line).toMatch(/ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub on the host, then accept it/);
    }
    expect(job.steps.filter((s) => s.status === 'changed')).toEqual([]);
    expect(hosts.map(hostState)).toEqual(before);

    // What the wizard does: read each host's key (no login), show it, and accept it once the user compared it.
    for (const node of hosts) {
      const scanned = await remember(api<{ fingerprint: string; keyType: string; accepted: unknown }>(panel.url, 'POST', '/api/host-keys/scan', { host: ADDRESSES[node], port: 22 }));
      expect(scanned.status).toBe(200);
      expect(scanned.body).toMatchObject({ ...testbedHostKey(node), accepted: null });
      const accepted = await api(panel.url, 'POST', '/api/host-keys', { host: ADDRESSES[node], port: 22, fingerprint: scanned.body.fingerprint, keyType: scanned.body.keyType });
      expect(accepted.status).toBe(201);
    }
    // Another key for an accepted host is refused: the old one must be forgotten first.
    const other = await api<{ errors: Array<{ message: string }> }>(panel.url, 'POST', '/api/host-keys', { host: ADDRESSES.vm1, port: 22, fingerprint: `SHA256:${'A'.repeat(43)}` });
    expect(other.status).toBe(409);
    expect(other.body.errors[0]?.message).toContain(testbedHostKey('vm1').fingerprint);
    const scannedAgain = await api<{ accepted: { fingerprint: string } | null }>(panel.url, 'POST', '/api/host-keys/scan', { host: ADDRESSES.vm1, port: 22 });
    expect(scannedAgain.body.accepted?.fingerprint).toBe(testbedHostKey('vm1').fingerprint);
  });

  it('stops at pre-flight naming the node and the cause, with no host changed', async () => {
    const before = hosts.map(hostState);
    const keyDir = mkdtempSync(path.join(tmpdir(), 'pgcascade-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(keyDir, 'k')]);
    const wrongKey = readFileSync(path.join(keyDir, 'k'), 'utf8');
    rmSync(keyDir, { recursive: true });
    const cases: Array<[string, (nodes: Node[]) => void, RegExp]> = [
      ['wrong key', (n) => (n[0]!.ssh = { user: 'root', privateKey: wrongKey }), /^vm1\/check-host: login to vm1 .* refused the key/],
      ['unreachable address', (n) => (n[2]!.address = '10.77.0.99'), /^vm3\/check-host: cannot reach vm3 .*10\.77\.0\.99/],
      ['wrong sudo password', (n) => (n[1]!.ssh = { user: 'deploy', privateKey: rootKey(), sudoPassword: 'wrong-password' }), /^vm2\/check-host: sudo on vm2 .* refused the password/],
    ];
    for (const [name, change, expected] of cases) {
      const created = await remember(api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', { ...topology(change), name }));
      expect(created.status).toBe(201);
      const job = await waitForJob(panel.url, created.body.jobId, 120_000);
      expect(job.status, name).toBe('failed');
      expect(failedSteps(job).join('\n'), name).toMatch(expected);
      expect(job.steps.filter((s) => s.status === 'changed'), name).toEqual([]);
      jobIds.push(created.body.jobId);
    }
    expect(hosts.map(hostState)).toEqual(before);
  });

  it('applies the reference topology over SSH: rows flow both ways and down to vm4', async () => {
    const created = await remember(api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology()));
    expect(created.status).toBe(201);
    clusterId = created.body.id;
    jobIds.push(created.body.jobId);
    const job = await waitForJob(panel.url, created.body.jobId, 240_000);
    expect(failedSteps(job)).toEqual([]);
    expect(job.status).toBe('succeeded');

    sqlOnHost('vm1', 'technolabels', "INSERT INTO test (data) VALUES ('vm1 over ssh')");
    const viaApi = await remember(api(panel.url, 'POST', `/api/clusters/${clusterId}/test-rows`, { node: 'vm2', table: 'test2', data: 'vm2 over ssh' }));
    expect(viaApi.status).toBe(201);
    for (const node of ['vm2', 'vm3', 'vm4']) await eventually(() => sqlOnHost(node, 'technolabels', "SELECT count(*) FROM test WHERE data = 'vm1 over ssh'"), (v) => v === '1');
    for (const node of ['vm1', 'vm3', 'vm4']) await eventually(() => sqlOnHost(node, 'technolabels', "SELECT count(*) FROM test2 WHERE data = 'vm2 over ssh'"), (v) => v === '1');
    const rows = await remember(api<{ nodes: Record<string, { rows: Array<{ data: string }> }> }>(panel.url, 'GET', `/api/clusters/${clusterId}/rows?table=test&limit=1`));
    expect(rows.body.nodes.vm4?.rows[0]?.data).toBe('vm1 over ssh');
  });

  it('streams vm4 from 10.77.0.13 and keeps the secure defaults', async () => {
    const receiver = await eventually(() => sqlOnHost('vm4', 'postgres', 'SELECT status, sender_host, slot_name FROM pg_stat_wal_receiver'), (v) => v.startsWith('streaming'));
    expect(receiver).toBe('streaming|10.77.0.13|replication_slot_4');
    const hba = (node: string) => {
      const text = sqlOnHost(node, 'postgres', "SELECT string_agg(type || ' ' || array_to_string(database, ',') || ' ' || array_to_string(user_name, ',') || ' ' || coalesce(address, '') || '/' || coalesce(netmask, '') || ' ' || auth_method, E'\\n' ORDER BY line_number) FROM pg_hba_file_rules WHERE address <> '127.0.0.1' AND address <> '::1' AND type LIKE 'host%'");
      return text.split('\n').filter(Boolean);
    };
    // TLS is on by default over SSH: each peer over TLS only, and the same peer without TLS rejected.
    const peer = (db: string, role: string, node: string) => [`hostssl ${db} ${role} ${ADDRESSES[node]}/255.255.255.255 scram-sha-256`, `hostnossl ${db} ${role} ${ADDRESSES[node]}/255.255.255.255 reject`];
    expect(hba('vm1')).toEqual([...peer('technolabels', 'pgcascade_logical', 'vm2'), ...peer('technolabels', 'pgcascade_logical', 'vm3')]);
    expect(hba('vm2')).toEqual([...peer('technolabels', 'pgcascade_logical', 'vm1'), ...peer('technolabels', 'pgcascade_logical', 'vm3')]);
    expect(hba('vm3')).toEqual([...peer('replication', 'pgcascade_physical', 'vm4'), ...peer('postgres', 'pgcascade_physical', 'vm4')]);
    expect(hba('vm4')).toEqual([]);
    expect(sqlOnHost('vm1', 'postgres', "SELECT rolsuper FROM pg_roles WHERE rolname = 'pgcascade_logical'")).toBe('f');
    expect(sqlOnHost('vm3', 'postgres', "SELECT rolsuper FROM pg_roles WHERE rolname = 'pgcascade_physical'")).toBe('f');
    expect(sqlOnHost('vm1', 'postgres', 'SHOW listen_addresses')).toBe('10.77.0.11,localhost');
    expect(sqlOnHost('vm1', 'postgres', 'SHOW wal_level')).toBe('logical');
  });

  it('replicates over verified TLS only: every walsender encrypted, a plain peer refused, no password in primary_conninfo', async () => {
    const sql = "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.backend_type = 'walsender'";
    // vm1 and vm2 feed each other and vm3; vm3 feeds vm4.
    for (const [node, count] of [['vm1', 2], ['vm2', 2], ['vm3', 1]] as const) await eventually(() => sqlOnHost(node, 'postgres', sql), (v) => v === `${count}/${count}`, 30_000);
    expect(sqlOnHost('vm3', 'technolabels', "SELECT string_agg(subconninfo, ' ') FROM pg_subscription")).toMatch(/sslmode='?verify-full'? sslrootcert='?\/etc\/postgresql\/15\/main\/tls\/ca\.crt/);
    expect(onHost('vm1', 'stat -c "%a %U" /etc/postgresql/15/main/tls/server.key')).toBe('600 postgres');
    expect(sqlOnHost('vm1', 'postgres', 'SHOW ssl')).toBe('on');
    // From vm4 to vm3 without TLS, even with the right password: pg_hba.conf turns it away.
    const password = onHost('vm4', 'cut -d: -f5 /etc/postgresql/15/main/pgpass');
    expect(password.length).toBeGreaterThanOrEqual(24);
    const plain = onHost('vm4', `PGPASSWORD=${password} psql -X -w -d "host=10.77.0.13 port=5432 dbname=postgres user=pgcascade_physical sslmode=disable" -c 'SELECT 1' 2>&1 || true`);
    expect(plain).toMatch(/pg_hba\.conf rejects connection .*no encryption/);
    const auto = onHost('vm4', 'cat /var/lib/postgresql/15/main/postgresql.auto.conf');
    expect(auto).not.toMatch(/password/i);
    expect(auto).toMatch(/primary_conninfo = '.*passfile=''?\/etc\/postgresql\/15\/main\/pgpass.*sslmode=''?verify-full/);
    expect(onHost('vm4', 'stat -c "%a %U" /etc/postgresql/15/main/pgpass')).toBe('600 postgres');
  });

  it('changes nothing on a second apply', async () => {
    const again = await remember(api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`));
    jobIds.push(again.body.jobId);
    const job: JobView = await waitForJob(panel.url, again.body.jobId, 120_000);
    expect(job.status).toBe('succeeded');
    expect(job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`)).toEqual([]);
  });

  it('refuses links the postgres user planted in its folders, and changes no file outside them', async () => {
    const conf = '/etc/postgresql/15/main';
    // Root's own file, outside the cluster's folders (postgres cannot even see into /root).
    const victim = '/root/pgcascade-victim.conf';
    const victimState = () => onHost('vm2', `md5sum ${victim}; stat -c '%U %a %s' ${victim}`);
    onHost('vm2', `printf 'root only\\n' > ${victim} && chmod 644 ${victim}`);
    const before = victimState();
    // What COPY … TO PROGRAM lets any database superuser do, as the postgres OS user: pg_hba.conf replaced by a
    // link, a link where the settings' temporary file used to be, and the settings changed so they get rewritten.
    onHost(
      'vm2',
      `cd ${conf} && runuser -u postgres -- sh -c 'cp pg_hba.conf /var/lib/postgresql/hba.saved && ln -s ${victim} hba.link && mv -T hba.link pg_hba.conf && ln -s ${victim} conf.d/pgcascade.conf.pgcascade-tmp && echo "# tampered" >> conf.d/pgcascade.conf'`,
    );
    try {
      const apply = await remember(api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`));
      jobIds.push(apply.body.jobId);
      const job = await waitForJob(panel.url, apply.body.jobId, 120_000);
      expect(job.status).toBe('failed');
      expect(failedSteps(job)).toEqual([expect.stringMatching(/^vm2\/write-pg-hba: cannot read \/etc\/postgresql\/15\/main\/pg_hba\.conf on vm2: it is a symbolic link/)]);
      // The settings were rewritten (as postgres, through a new temporary file), the planted link left alone.
      expect(job.steps.find((st) => st.id === 'vm2/set-settings')?.status).toBe('changed');
      expect(onHost('vm2', `grep -c tampered ${conf}/conf.d/pgcascade.conf || true`)).toBe('0');
      expect(onHost('vm2', `readlink ${conf}/conf.d/pgcascade.conf.pgcascade-tmp`)).toBe(victim);
      expect(onHost('vm2', `ls -A ${conf}/conf.d | grep -c 'pgcascade\\.conf\\.' || true`)).toBe('1');
      expect(victimState()).toBe(before);
    } finally {
      onHost('vm2', `cd ${conf} && runuser -u postgres -- sh -c 'rm -f pg_hba.conf conf.d/pgcascade.conf.pgcascade-tmp && cp /var/lib/postgresql/hba.saved pg_hba.conf && rm /var/lib/postgresql/hba.saved'; rm -f ${victim}`);
    }
    const again = await remember(api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`));
    jobIds.push(again.body.jobId);
    expect((await waitForJob(panel.url, again.body.jobId, 120_000)).status).toBe('succeeded');
  });

  it('never shows, logs or stores a secret in the clear', async () => {
    const logicalPassword = /password='?([A-Za-z0-9]{24,})/.exec(sqlOnHost('vm3', 'technolabels', "SELECT subconninfo FROM pg_subscription WHERE subname = 'sub_test_vm1'"))?.[1];
    // The standby's passfile holds it (primary_conninfo only names the file).
    const physicalPassword = onHost('vm4', 'cut -d: -f5 /etc/postgresql/15/main/pgpass');
    const keyLine = rootKey().split('\n')[2]!;
    const secrets = { 'SSH private key': keyLine, 'sudo password': deployPassword(), 'NOPASSWD login’s sudo password': cloudopsPassword(), 'logical role password': logicalPassword!, 'physical role password': physicalPassword! };
    for (const [name, value] of Object.entries(secrets)) expect(value?.length, name).toBeGreaterThanOrEqual(16);

    // A sudo that does not ask never got the password: no file on any host holds either one (the passwords go
    // to grep on its standard input, not on a command line).
    for (const node of hosts) {
      const [ssh, ...args] = sshArgv(node);
      const found = execFileSync(ssh!, [...args, 'grep -rlF -D skip -f /dev/stdin /etc/postgresql /var/lib/postgresql /var/log/postgresql /tmp 2>/dev/null || true'], {
        input: `${cloudopsPassword()}\n${deployPassword()}\n`,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(found.trim(), `files on ${node} holding a sudo password`).toBe('');
    }

    for (const id of jobIds) {
      await remember(api(panel.url, 'GET', `/api/jobs/${id}`));
      await remember(api(panel.url, 'GET', `/api/jobs/${id}/log?after=0`));
    }
    await remember(api(panel.url, 'GET', '/api/clusters'));
    await remember(api(panel.url, 'GET', `/api/clusters/${clusterId}`));
    await remember(api(panel.url, 'POST', '/api/plans', topology()));
    await remember(api(panel.url, 'POST', '/api/plans/runbook', topology()));
    const places: Record<string, Buffer> = {
      'API responses': Buffer.from(responses.join('\n')),
      'panel log': Buffer.from(panel.logs()),
      ...Object.fromEntries(filesUnder(path.join(dataDir, 'state')).map((f) => [`state DB file ${path.relative(dataDir, f)}`, readFileSync(f)])),
    };
    for (const [where, content] of Object.entries(places)) {
      for (const [name, value] of Object.entries(secrets)) expect(content.includes(value), `${name} found in ${where}`).toBe(false);
    }
    expect(responses.join('\n')).toContain('********');
  });

  /** Apply a changed topology over SSH: refused unconfirmed with these destructive steps among others, then converged. */
  async function transition(next: ReturnType<typeof topology>, destructive: string[]) {
    const refused = await api<{ destructive: Array<{ stepId: string; cost: string }> }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`, next);
    expect(refused.status).toBe(409);
    expect(refused.body.destructive.map((d) => d.stepId)).toEqual(expect.arrayContaining(destructive));
    const applied = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply?confirmDestructive=true`, next);
    expect(applied.status).toBe(202);
    const job = await waitForJob(panel.url, applied.body.jobId, 240_000);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    const second = await waitForJob(panel.url, again.body.jobId, 120_000);
    expect(second.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`)).toEqual([]);
    const drift = await api<{ drift: Array<{ stepId: string; what: string }>; error: string | null }>(panel.url, 'POST', `/api/clusters/${clusterId}/drift`);
    expect(drift.body.drift.map((d) => `${d.stepId}: ${d.what}`)).toEqual([]);
  }
  let current = topology();

  it('removes a subscription: gone from vm3, and its slot from vm2', async () => {
    current = { ...current, subscriptions: current.subscriptions.filter((s) => s.name !== 'sub_test2_vm2') };
    await transition(current, ['vm3/drop-subscription/sub_test2_vm2', 'vm2/drop-slot/sub_test2_vm2']);
    expect(sqlOnHost('vm3', 'technolabels', "SELECT count(*) FROM pg_subscription WHERE subname = 'sub_test2_vm2'")).toBe('0');
    expect(sqlOnHost('vm2', 'postgres', "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'sub_test2_vm2'")).toBe('0');
    sqlOnHost('vm1', 'technolabels', "INSERT INTO test (data) VALUES ('after the removal')");
    for (const node of ['vm2', 'vm3', 'vm4']) await eventually(() => sqlOnHost(node, 'technolabels', "SELECT count(*) FROM test WHERE data = 'after the removal'"), (v) => v === '1');
  });

  it('moves vm4 to another upstream (vm1): re-cloned there, the old slot on vm3 dropped', async () => {
    current = { ...current, standbys: [{ node: 'vm4', upstream: 'vm1', slot: 'replication_slot_4', walArchive: true }] };
    await transition(current, ['vm4/clone-standby', 'vm3/drop-slot/replication_slot_4']);
    await eventually(() => sqlOnHost('vm4', 'postgres', 'SELECT status, sender_host FROM pg_stat_wal_receiver'), (v) => v === 'streaming|10.77.0.11', 30_000);
    expect(sqlOnHost('vm3', 'postgres', "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'replication_slot_4'")).toBe('0');
    sqlOnHost('vm1', 'technolabels', "INSERT INTO test (data) VALUES ('after the move')");
    await eventually(() => sqlOnHost('vm4', 'technolabels', "SELECT count(*) FROM test WHERE data = 'after the move'"), (v) => v === '1');
  });

  it('removes vm4 from the topology: released and stopped, its data kept on the host', async () => {
    current = { ...current, nodes: current.nodes.filter((n) => n.name !== 'vm4'), standbys: [] };
    await transition(current, ['vm4/stop-node', 'vm1/drop-slot/replication_slot_4']);
    expect(sqlOnHost('vm1', 'postgres', "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'replication_slot_4'")).toBe('0');
    expect(onHost('vm4', 'test -f /var/lib/postgresql/15/main/PG_VERSION && echo kept')).toBe('kept');
    // pg_lsclusters says `down,recovery` for a stopped standby.
    expect(onHost('vm4', "pg_lsclusters -h | awk '{print $4}'")).toMatch(/^down/);
    expect(onHost('vm4', 'grep -c pgcascade_ /etc/postgresql/15/main/pg_hba.conf || true')).toBe('0');
  });

  it('destroys the replication it set up and leaves the data', async () => {
    const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${clusterId}`);
    const job = await waitForJob(panel.url, destroyed.body.jobId, 120_000);
    expect(failedSteps(job)).toEqual([]);
    expect(sqlOnHost('vm3', 'technolabels', 'SELECT count(*) FROM pg_subscription')).toBe('0');
    expect(sqlOnHost('vm1', 'technolabels', 'SELECT count(*) FROM pg_publication')).toBe('0');
    expect(sqlOnHost('vm1', 'technolabels', "SELECT count(*) FROM test WHERE data = 'vm1 over ssh'")).toBe('1');
  });
});
