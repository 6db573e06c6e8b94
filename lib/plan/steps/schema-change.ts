import type { Topology } from '@/lib/topology/schema';
import { isStandby } from '@/lib/topology';
import { LOGICAL_ROLE } from '@/lib/postgres/roles';
import { quoteIdent, quoteTable } from '@/lib/postgres/quote';
import { grantSelectSql } from '@/lib/postgres/sql';
import { sqlCommand } from '@/lib/objects/object';
import type { DdlClass } from '@/lib/postgres/ddl';
import type { DdlOrder } from '../schema-order';
import type { Step } from '../types';
import { waitSyncStep } from './replication';

export interface SchemaChangeParts {
  kind: DdlClass;
  order: DdlOrder;
  statements: Array<{ sql: string; probe: string }>;
  /** Tables (`schema.name`) added to each publication. */
  publish: Array<{ publication: string; tables: string[] }>;
  /** Publications whose subscribers refresh. */
  refresh: string[];
  /** Tables whose definitions must match everywhere afterwards; tables that must be gone. */
  tables: string[];
  dropped: string[];
}

/** Why a node comes where it does: what it subscribes to and publishes to. */
function position(t: Topology, node: string, kind: DdlClass, cycles: string[][]): string {
  const cycle = cycles.find((c) => c.includes(node));
  if (cycle) return `in the replication cycle ${cycle.join(' <-> ')}: its nodes in the topology's order`;
  const publishers = [...new Set(t.subscriptions.filter((s) => s.node === node).map((s) => s.publisher))];
  const subscribers = [...new Set(t.subscriptions.filter((s) => s.publisher === node && !isStandby(t, s.node)).map((s) => s.node))];
  if (kind === 'additive' && publishers.length > 0) return `before its publisher${publishers.length === 1 ? '' : 's'} ${publishers.join(', ')}`;
  if (kind === 'removing' && subscribers.length > 0) return `before its subscriber${subscribers.length === 1 ? '' : 's'} ${subscribers.join(', ')}`;
  return kind === 'additive' ? `after its subscribers ${subscribers.join(', ') || '(none)'}` : `after its publishers ${publishers.join(', ') || '(none)'}`;
}

function ddlSteps(t: Topology, parts: SchemaChangeParts): Step[] {
  const { order, kind, statements } = parts;
  return order.nodes.map((node, i) => {
    const standbys = t.standbys.filter((s) => s.upstream === node).map((s) => s.node);
    const cycle = order.cycles.find((c) => c.includes(node));
    const step: Step = {
      id: `${node}/run-ddl`,
      node,
      kind: 'run-ddl',
      summary: `Run the ${statements.length} statement${statements.length === 1 ? '' : 's'} on ${node} (${position(t, node, kind, order.cycles)})${standbys.length > 0 ? `; ${standbys.join(', ')} replay${standbys.length === 1 ? 's' : ''} it from WAL` : ''}; each is skipped where it is already applied`,
      commands: statements.map((s) => sqlCommand(t.database, s.sql)),
      params: { kind: 'run-ddl', database: t.database, statements },
      needs: i === 0 ? [] : [`${order.nodes[i - 1]}/run-ddl`],
    };
    if (kind === 'removing')
      step.destructive = `removes tables, columns or indexes on ${node}, with their data${cycle ? `; ${cycle.join(' and ')} replicate to each other, so stop writing to what is removed on all of them first: a row written with it on one node cannot apply on a node that already lost it` : ''}`;
    return step;
  });
}

/** The steps of a schema change: DDL node by node, publications, refreshes, waits, and the check on every node. */
export function schemaChangeSteps(t: Topology, parts: SchemaChangeParts): Step[] {
  const ddl = ddlSteps(t, parts);
  const lastDdl = ddl.length > 0 ? [(ddl[ddl.length - 1] as Step).id] : [];
  const publish: Step[] = parts.publish.map((x) => {
    const pub = t.publications.find((p) => p.name === x.publication);
    const node = pub?.node as string;
    const changes = !pub?.publish || pub.publish.some((op) => op === 'update' || op === 'delete');
    return {
      id: `${node}/publish-tables/${x.publication}`,
      node,
      kind: 'publish-tables',
      summary: `Publish ${x.tables.join(', ')} in ${x.publication} on ${node} (and let ${LOGICAL_ROLE} read them)`,
      commands: [
        ...grantSelectSql(x.tables, LOGICAL_ROLE).split(';\n').map((sql) => sqlCommand(t.database, sql)),
        sqlCommand(t.database, `ALTER PUBLICATION ${quoteIdent(x.publication)} ADD TABLE ${x.tables.map(quoteTable).join(', ')}`),
      ],
      params: { kind: 'publish-tables', database: t.database, publication: x.publication, tables: x.tables, changes },
      needs: lastDdl,
    };
  });
  const subs = t.subscriptions.filter((s) => !isStandby(t, s.node) && s.publications.some((p) => parts.refresh.includes(p)));
  const refresh: Step[] = subs.map((s) => ({
    id: `${s.node}/refresh-subscription/${s.name}`,
    node: s.node,
    kind: 'refresh-subscription',
    summary: `Refresh ${s.name} on ${s.node}: it receives (and copies) the tables ${s.publications.filter((p) => parts.refresh.includes(p)).join(', ')} now publish${s.publications.length === 1 ? 'es' : ''}`,
    commands: [sqlCommand(t.database, `ALTER SUBSCRIPTION ${quoteIdent(s.name)} REFRESH PUBLICATION`)],
    params: { kind: 'refresh-subscription', database: t.database, subscription: s.name },
    needs: [...lastDdl, ...publish.filter((p) => s.publications.some((name) => p.id.endsWith(`/publish-tables/${name}`))).map((p) => p.id)],
  }));
  const waits = [...new Set(subs.map((s) => s.node))].map((node) => ({
    ...waitSyncStep(t, node, subs.filter((s) => s.node === node).map((s) => s.name)),
    needs: refresh.filter((r) => r.node === node).map((r) => r.id),
  }));
  const verify: Step = {
    id: '*/verify-schema',
    node: '*',
    kind: 'verify-schema',
    summary: `Check that ${[...parts.tables, ...parts.dropped].join(', ') || 'the changed tables'} ${parts.tables.length > 0 ? 'have the same columns and types' : ''}${parts.tables.length > 0 && parts.dropped.length > 0 ? ' or are gone' : parts.dropped.length > 0 ? 'are gone' : ''} on every node, standbys included`,
    commands: [],
    params: { kind: 'verify-schema', database: t.database, tables: parts.tables, dropped: parts.dropped, nodes: t.nodes.map((n) => n.name) },
    needs: [...lastDdl, ...publish.map((p) => p.id), ...waits.map((w) => w.id)],
  };
  return [...ddl, ...publish, ...refresh, ...waits, verify];
}
