import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import type { Step, StepOf } from '@/lib/plan/types';
import type { LiveRole, ReachableNode } from './live-state';
import { driftOf, listOf, sameSet, type Drift } from './drift';

type RoleAttribute = 'LOGIN' | 'REPLICATION' | 'SUPERUSER' | 'pg_monitor';

const ATTRIBUTES: Record<RoleAttribute, (r: LiveRole) => boolean> = {
  LOGIN: (r) => r.canLogin,
  REPLICATION: (r) => r.replication,
  SUPERUSER: (r) => r.superuser,
  pg_monitor: (r) => r.monitor,
};

/** What each role step makes: attribute → whether the role must have it. The password is not compared here. */
const WANTED: Partial<Record<Step['kind'], Partial<Record<RoleAttribute, boolean>>>> = {
  'create-role': { LOGIN: true, REPLICATION: true, SUPERUSER: false },
  'create-admin-role': { LOGIN: true, SUPERUSER: true },
  'create-monitor-role': { LOGIN: true, SUPERUSER: false, pg_monitor: true },
};

const attributeText = (attribute: RoleAttribute, has: boolean) => (attribute === 'pg_monitor' ? `${has ? '' : 'not '}in pg_monitor` : `${has ? '' : 'NO'}${attribute}`);

export function roleDrift(step: StepOf<'create-role' | 'create-admin-role' | 'create-monitor-role'>, live: ReachableNode): Drift[] {
  const wanted = Object.entries(WANTED[step.kind] ?? {}) as Array<[RoleAttribute, boolean]>;
  const expected = wanted.map(([a, has]) => attributeText(a, has)).join(' ');
  const role = live.roles.find((r) => r.name === step.params.role);
  if (!role) return [driftOf(step, `role ${step.params.role} is missing`, expected, 'missing')];
  const actual = wanted.map(([a]) => attributeText(a, ATTRIBUTES[a](role))).join(' ');
  const drift = actual === expected ? [] : [driftOf(step, `role ${step.params.role} is ${actual}, should be ${expected}`, expected, actual)];
  if (step.kind === 'create-monitor-role') {
    const heartbeat = live.tables.find((t) => t.name === HEARTBEAT_TABLE);
    if (heartbeat && !heartbeat.readers.includes(step.params.role)) {
      drift.push(driftOf(step, `role ${step.params.role} may not read ${HEARTBEAT_TABLE}`, `${step.params.role} reads ${HEARTBEAT_TABLE}`, 'no grant'));
    }
  }
  return drift;
}

export function databaseDrift(step: StepOf<'create-database'>, live: ReachableNode): Drift[] {
  return live.databases.includes(step.params.database) ? [] : [driftOf(step, `database ${step.params.database} is missing`, 'exists', 'missing')];
}

export function tableDrift(step: StepOf<'create-table'>, live: ReachableNode): Drift[] {
  return live.tables.some((t) => t.name === step.params.table) ? [] : [driftOf(step, `table ${step.params.table} is missing`, 'exists', 'missing')];
}

export function heartbeatDrift(step: StepOf<'create-heartbeat'>, live: ReachableNode): Drift[] {
  if (!live.tables.some((t) => t.name === HEARTBEAT_TABLE)) return [driftOf(step, `the heartbeat table ${HEARTBEAT_TABLE} is missing`, 'exists', 'missing')];
  if (live.heartbeatTrigger) return [];
  return [driftOf(step, `${HEARTBEAT_TABLE}'s arrival trigger is missing or not ENABLE ALWAYS`, 'trigger enabled always', 'missing or disabled')];
}

/** Only tables that exist: a missing table is create-table's drift (and reconcile grants again after it). */
export function grantDrift(step: StepOf<'grant-select'>, live: ReachableNode): Drift[] {
  const { role, tables } = step.params;
  const unreadable = tables.filter((name) => live.tables.some((t) => t.name === name && !t.readers.includes(role)));
  if (unreadable.length === 0) return [];
  return [driftOf(step, `${role} may not read ${unreadable.join(', ')}`, `SELECT on ${tables.join(', ')}`, `no SELECT on ${unreadable.join(', ')}`)];
}

/** The value in a row filter such as `(origin = 'vm1'::text)`. */
function filterValue(rowFilter: string | null): string | null {
  const m = rowFilter ? /'((?:[^']|'')*)'/.exec(rowFilter) : null;
  return m ? (m[1] as string).replace(/''/g, "'") : null;
}

export function publicationDrift(step: StepOf<'create-publication'>, live: ReachableNode): Drift[] {
  const { publication, tables, originFilter } = step.params;
  const pub = live.publications.find((p) => p.name === publication);
  if (!pub) return [driftOf(step, `publication ${publication} is missing`, `publishes ${listOf(tables)}`, 'missing')];
  const drift: Drift[] = [];
  if (!sameSet(pub.tables, tables)) {
    drift.push(driftOf(step, `publication ${publication} publishes ${listOf(pub.tables)}, should publish ${listOf(tables)}`, listOf(tables), listOf(pub.tables)));
  }
  if (filterValue(pub.rowFilter) !== (originFilter ?? null)) {
    const expected = originFilter ? `origin = '${originFilter}'` : 'no row filter';
    drift.push(driftOf(step, `publication ${publication}'s row filter is ${pub.rowFilter ?? 'none'}, should be ${expected}`, expected, pub.rowFilter ?? 'none'));
  }
  return drift;
}

export function physicalSlotDrift(step: StepOf<'create-physical-slot'>, live: ReachableNode): Drift[] {
  const slot = live.slots.find((s) => s.name === step.params.slot);
  if (!slot) return [driftOf(step, `replication slot ${step.params.slot} is missing`, 'physical slot', 'missing')];
  if (slot.type !== 'physical') return [driftOf(step, `replication slot ${step.params.slot} is a ${slot.type} slot, should be physical`, 'physical slot', `${slot.type} slot`)];
  return [];
}
