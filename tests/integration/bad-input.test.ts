import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordScenario } from '../faults/results';
import example from '../../examples/four-node.local.json';
import { api } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';

type Json = Record<string, unknown>;
const clone = (): Json => JSON.parse(JSON.stringify(example));
const mutate = (f: (t: Json & { nodes: Json[]; tables: Json[]; standbys: Json[]; subscriptions: Json[]; publications: Json[] }) => void) => {
  const t = clone() as Parameters<typeof f>[0];
  f(t);
  return t;
};

/** [name, method, path, body, expected status, a path the error must name] */
const cases: Array<[string, string, string, unknown, number, string | null]> = [
  ['null body', 'POST', '/api/clusters', 'null', 422, null],
  ['array body', 'POST', '/api/clusters', '[]', 422, null],
  ['number body', 'POST', '/api/plans', '42', 422, null],
  ['not JSON', 'POST', '/api/clusters', '{"name":', 400, null],
  ['empty body', 'POST', '/api/plans', '', 400, null],
  ['name of wrong type', 'POST', '/api/clusters', mutate((t) => (t.name = 12)), 422, 'name'],
  ['huge name', 'POST', '/api/clusters', mutate((t) => (t.name = 'x'.repeat(100_000))), 422, 'name'],
  ['unknown provider', 'POST', '/api/clusters', mutate((t) => (t.provider = 'docker')), 422, 'provider'],
  ['version as text', 'POST', '/api/clusters', mutate((t) => (t.postgresVersion = '15')), 422, 'postgresVersion'],
  ['version too old', 'POST', '/api/clusters', mutate((t) => (t.postgresVersion = 9)), 422, 'postgresVersion'],
  ['SQL in the database name', 'POST', '/api/clusters', mutate((t) => (t.database = 'x; DROP DATABASE postgres; --')), 422, 'database'],
  ['SQL in a table name', 'POST', '/api/clusters', mutate((t) => (t.tables[0]!.name = 'test"; DROP TABLE test; --')), 422, 'tables.0.name'],
  ['SQL in a column type', 'POST', '/api/clusters', mutate((t) => (((t.tables[0] as Json).columns as Json[])[1]!.type = 'text); DROP TABLE x; --')), 422, 'tables.0.columns.1.type'],
  ['quote in a node name', 'POST', '/api/clusters', mutate((t) => (t.nodes[0]!.name = "vm1'")), 422, 'nodes.0.name'],
  ['unknown field', 'POST', '/api/clusters', mutate((t) => (t.extra = true)), 422, ''],
  ['unknown node field', 'POST', '/api/clusters', mutate((t) => (t.nodes[0]!.host = 'x')), 422, 'nodes.0'],
  ['negative port', 'POST', '/api/clusters', mutate((t) => (t.nodes[0]!.port = -1)), 422, 'nodes.0.port'],
  ['huge port', 'POST', '/api/clusters', mutate((t) => (t.nodes[1]!.port = 10_000_000)), 422, 'nodes.1.port'],
  ['fractional port', 'POST', '/api/clusters', mutate((t) => (t.nodes[1]!.port = 5432.5)), 422, 'nodes.1.port'],
  ['duplicate ports', 'POST', '/api/clusters', mutate((t) => (t.nodes[1]!.port = 55431)), 422, 'nodes.1.port'],
  ['duplicate node names', 'POST', '/api/clusters', mutate((t) => (t.nodes[1]!.name = 'vm1')), 422, 'nodes.1.name'],
  ['no nodes', 'POST', '/api/clusters', mutate((t) => (t.nodes = [])), 422, 'nodes'],
  ['standby of itself', 'POST', '/api/clusters', mutate((t) => (t.standbys[0]!.upstream = 'vm4')), 422, 'standbys.0'],
  ['standby cycle', 'POST', '/api/clusters', mutate((t) => t.standbys.push({ node: 'vm3', upstream: 'vm4' })), 422, 'standbys'],
  ['unknown upstream', 'POST', '/api/clusters', mutate((t) => (t.standbys[0]!.upstream = 'vm9')), 422, 'standbys.0.upstream'],
  ['subscribing to itself', 'POST', '/api/clusters', mutate((t) => (t.subscriptions[0]!.publisher = 'vm1')), 422, 'subscriptions.0'],
  ['unknown publication', 'POST', '/api/clusters', mutate((t) => (t.subscriptions[2]!.publications = ['nope'])), 422, 'subscriptions.2.publications.0'],
  ['unknown table', 'POST', '/api/clusters', mutate((t) => (t.publications[0]!.tables = ['nope'])), 422, 'publications.0.tables.0'],
  ['insert loop on 15', 'POST', '/api/clusters', mutate((t) => (t.publications[1]!.tables = ['test'])), 422, 'subscriptions'],
  ['reserved name', 'POST', '/api/clusters', mutate((t) => (t.publications[0]!.name = 'pgcascade_mine')), 422, 'publications.0.name'],
  ['ssh without address', 'POST', '/api/plans', mutate((t) => ((t.provider = 'ssh'), (t.nodes[0]!.ssh = { user: 'root', password: 'x' }))), 422, 'nodes.0'],
  ['unknown credential id', 'POST', '/api/plans', mutate((t) => ((t.provider = 'ssh'), (t.nodes = t.nodes.map((n, i) => ({ ...n, address: `10.77.0.1${i + 1}`, ssh: { user: 'root', credentialId: 'missing' } }))))), 422, 'nodes.0.ssh.credentialId'],
  ['test row without node', 'POST', '/api/clusters/none/test-rows', { table: 'test' }, 422, 'node'],
  ['test row on a missing cluster', 'POST', '/api/clusters/none/test-rows', { node: 'vm1', table: 'test' }, 404, null],
  ['failover with a negative sequence margin', 'POST', '/api/clusters/none/failover', { promote: 'vm4', sequenceMargin: -1 }, 422, 'sequenceMargin'],
  ['switchover with a fractional sequence margin', 'POST', '/api/clusters/none/switchover', { promote: 'vm4', sequenceMargin: 1.5 }, 422, 'sequenceMargin'],
  ['switchover with a sequence margin as text', 'POST', '/api/clusters/none/switchover', { promote: 'vm4', sequenceMargin: '1000' }, 422, 'sequenceMargin'],
  ['rows with a bad limit', 'GET', '/api/clusters/none/rows?table=test&limit=-5', undefined, 422, 'limit'],
  ['log with a bad cursor', 'GET', '/api/jobs/none/log?after=abc', undefined, 422, 'after'],
  ['metrics with a bad time', 'GET', '/api/clusters/none/metrics?from=yesterday', undefined, 404, null],
  ['retry a missing job', 'POST', '/api/jobs/none/retry', undefined, 404, null],
  ['destroy a missing cluster', 'DELETE', '/api/clusters/none', undefined, 404, null],
  ['token with no name', 'POST', '/api/tokens', {}, 422, 'name'],
  ['credential without a secret', 'POST', '/api/credentials', { name: 'x', user: 'root' }, 422, 'privateKey'],
];

describe('bad input over the API', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  beforeAll(async () => {
    panel = await startPanel(3107, dataDir);
  });
  afterAll(async () => {
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`answers ${cases.length} malformed requests with 4xx and the field's path, never 500, creating nothing`, async () => {
    const t0 = Date.now();
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const wrong: string[] = [];
    for (const [name, method, path, body, status, field] of cases) {
      const res = await api<{ errors?: Array<{ path: string; message: string }> }>(panel.url, method, path, typeof body === 'string' ? body : body);
      const paths = res.body?.errors?.map((e) => e.path) ?? [];
      if (res.status !== status) wrong.push(`${name}: ${res.status} (wanted ${status}) ${JSON.stringify(res.body).slice(0, 300)}`);
      else if (field !== null && !paths.some((p) => p === field || p.startsWith(`${field}.`) || (field !== '' && p.startsWith(field)))) wrong.push(`${name}: paths ${JSON.stringify(paths)} lack ${field}`);
      else if (!res.body?.errors?.every((e) => typeof e.message === 'string' && e.message.length > 0)) wrong.push(`${name}: an error without a message`);
    }
    expect(wrong).toEqual([]);
    expect((await api<{ clusters: unknown[] }>(panel.url, 'GET', '/api/clusters')).body.clusters).toEqual([]);
    const unauthenticated = await fetch(`${panel.url}/api/clusters`, { method: 'POST', body: JSON.stringify(example) });
    expect(unauthenticated.status).toBe(401);
    expect(panel.logs()).not.toMatch(/request failed/);
    recordScenario({ scenario: '7. bad input over the API', durationMs: Date.now() - t0, written: null, found: null, lost: null, outcome: `${cases.length + 1} malformed or unauthenticated requests: all 4xx with the field path, no 500, nothing created` });
  });
});
