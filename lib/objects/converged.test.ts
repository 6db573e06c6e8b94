import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '@/lib/plan/compile';
import { arbitraryTopology } from '@/lib/plan/arbitrary-topology';
import { observed } from '@/lib/plan/test-topologies';
import type { Step } from '@/lib/plan/types';
import { renderHbaBlock, withHbaBlock } from '@/lib/postgres/pg-hba';
import { renderSettingsFile } from '@/lib/postgres/settings';
import { renderConninfo } from '@/lib/postgres/sql';
import { LOGICAL_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { scramVerifier } from '@/lib/postgres/scram';
import { passfileLine } from '@/lib/postgres/conninfo';
import type { Topology } from '@/lib/topology/schema';
import { changeCommands, objectModuleOf } from './index';
import { CA_CERT_SECRET, tlsSecretsToIssue } from './tls';

const secrets = { logical_password: 'lp-0123456789', physical_password: 'pp-0123456789', monitor_password: 'mp-0123456789', superuser_password: 'sp-0123456789' };
// A verifier costs 4096 rounds of PBKDF2: made once per secret.
const verifiers = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, scramVerifier(v)])) as Record<keyof typeof secrets, string>;

/** What each object looks like once its step has applied: what PostgreSQL and the files then hold. */
function liveAfter(step: Step, tls: Record<string, string> = {}): unknown {
  const p = step.params;
  switch (p.kind) {
    case 'create-subscription':
      return { enabled: true, conninfo: renderConninfo({ host: p.host, port: p.port, dbname: p.database, user: LOGICAL_ROLE, password: secrets.logical_password, ...(p.tls ? { sslmode: 'verify-full', sslrootcert: p.tls.caFile } : {}) }), publications: p.publications, tables: p.tables ?? [], origin: p.origin ?? null };
    case 'enable-subscriptions':
      return Object.fromEntries(p.subscriptions.map((name) => [name, true]));
    case 'write-tls':
      return { cert: tls[p.certSecret], key: tls[p.keySecret], ca: tls[CA_CERT_SECRET], running: true };
    case 'create-publication':
      return { tables: [...p.tables].sort(), rowFilter: p.originFilter ? `(origin = '${p.originFilter}'::text)` : null, operations: p.publish ?? ['insert', 'update', 'delete', 'truncate'] };
    case 'create-physical-slot':
      return { slot_type: 'physical' };
    case 'clone-standby':
      return {
        hasCluster: true,
        isStandby: true,
        running: true,
        conninfo: { user: PHYSICAL_ROLE, passfile: p.passFile as string, host: p.upstreamHost, port: String(p.upstreamPort), ...(p.tls ? { sslmode: 'verify-full', sslrootcert: p.tls.caFile } : {}) },
        slot: p.slot,
        passfile: passfileLine(p.upstreamHost, p.upstreamPort, PHYSICAL_ROLE, secrets.physical_password),
      };
    case 'set-settings':
      return { file: renderSettingsFile(p.settings), mainConf: `# initdb's file\n${p.includeLine}\n`, missingDirs: [], overrides: [] };
    case 'write-pg-hba':
      return withHbaBlock('local all all peer\n', renderHbaBlock(p.rules));
    case 'create-role':
      return { rolpassword: verifiers[p.secret as keyof typeof secrets], rolcanlogin: true, rolreplication: true, rolsuper: false };
    case 'create-monitor-role':
      return { rolpassword: verifiers.monitor_password, login: true, stats: true, broader: [], heartbeat: true };
    case 'create-database':
    case 'create-table':
    case 'create-write-guard':
      return true;
    case 'create-heartbeat':
      return { table: true, trigger: true };
    case 'grant-select':
      return [];
    case 'ensure-running':
      return { running: true, pendingRestart: [], unloaded: [] };
    default:
      return undefined;
  }
}

/** What each object looks like before anything was made. */
function liveBefore(step: Step): unknown {
  const p = step.params;
  switch (p.kind) {
    case 'clone-standby':
      return { hasCluster: false, isStandby: false, running: false, conninfo: {}, slot: null, passfile: null };
    case 'enable-subscriptions':
      // Its subscriptions were made disabled.
      return Object.fromEntries(p.subscriptions.map((name) => [name, false]));
    case 'write-tls':
      return { cert: null, key: null, ca: null, running: false };
    case 'set-settings':
      return { file: null, mainConf: "# initdb's file\n", missingDirs: p.dirs, overrides: null };
    case 'write-pg-hba':
      return 'local all all peer\n';
    case 'create-database':
    case 'create-table':
    case 'create-write-guard':
      return false;
    case 'create-heartbeat':
      return { table: false, trigger: false };
    case 'grant-select':
      return p.tables;
    case 'ensure-running':
      return { running: false, pendingRestart: [], unloaded: [] };
    default:
      return null;
  }
}

// Issuing keys costs a little: one CA and node set per distinct list of nodes.
const issued = new Map<string, Record<string, string>>();
function tlsFor(t: Topology): Record<string, string> {
  const key = JSON.stringify([t.provider, t.tls, t.nodes.map((n) => [n.name, n.address])]);
  if (!issued.has(key)) issued.set(key, tlsSecretsToIssue(t, {}));
  return issued.get(key) as Record<string, string>;
}

describe('every object module, for every step of every valid topology', () => {
  it('finds no difference in the state its step leaves, and a change with commands in the state before it', () => {
    fc.assert(
      fc.property(arbitraryTopology, (t) => {
        const tls = tlsFor(t);
        const all = { ...secrets, ...tls };
        for (const step of compilePlan(t, observed).steps) {
          const object = objectModuleOf(step.kind);
          const after = liveAfter(step, tls);
          if (!object || after === undefined) continue;
          expect(object.diff(step.params, after, all), step.id).toBeNull();
          const change = object.diff(step.params, liveBefore(step), all);
          expect(change, step.id).not.toBeNull();
          expect(changeCommands(step, change!).length, step.id).toBeGreaterThan(0);
        }
      }),
      // Every role compare is 4096 rounds of PBKDF2: fewer runs than the plan's properties.
      { numRuns: 40 },
    );
  }, 60_000);

  it('sees a rotated password in a subscription and a standby, and a table added to a publication', () => {
    fc.assert(
      fc.property(arbitraryTopology, (t) => {
        for (const step of compilePlan(t, observed).steps) {
          const object = objectModuleOf(step.kind);
          if (step.params.kind === 'create-subscription') {
            const change = object!.diff(step.params, liveAfter(step), { ...secrets, logical_password: 'rotated-password' });
            expect(change?.reason).toMatch(/password/);
            expect(change?.commands.map((c) => (c.type === 'sql' ? c.sql : '')).join()).toMatch(/^ALTER SUBSCRIPTION .* CONNECTION/);
            const fewer = object!.diff(step.params, { ...(liveAfter(step) as object), tables: [] }, secrets);
            expect(fewer?.commands.map((c) => (c.type === 'sql' ? c.sql : '')).join()).toMatch(/REFRESH PUBLICATION/);
          }
          if (step.params.kind === 'clone-standby') {
            expect(object!.diff(step.params, liveAfter(step), { ...secrets, physical_password: 'rotated-password' })?.reason).toMatch(/password/);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
