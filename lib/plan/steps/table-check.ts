import type { Topology } from '@/lib/topology/schema';
import { existingTablesOf, qualified } from '@/lib/objects/table-copy';
import type { Step } from '../types';

/**
 * Pre-flight, per publisher whose publications name existing tables: it has every one of them, and each subscriber
 * that already has one defines it the same way (else the plan stops with the differences, before any change).
 */
export function tableCheckSteps(t: Topology): Step[] {
  return [...new Set(t.publications.map((p) => p.node))].flatMap((publisher) => {
    const tables = existingTablesOf(t, publisher);
    if (tables.length === 0) return [];
    const subscribers = [...new Set(t.subscriptions.filter((s) => s.publisher === publisher && !s.adopted).map((s) => s.node))].map((node) => ({
      node,
      tables: existingTablesOf(t, publisher, t.subscriptions.filter((s) => s.node === node && s.publisher === publisher).flatMap((s) => s.publications)),
    }));
    const changing = t.publications.filter((p) => p.node === publisher && (!p.publish || p.publish.some((op) => op === 'update' || op === 'delete')));
    const needsIdentity = [...new Set(changing.flatMap((p) => p.tables.filter((x) => !(p.replicaIdentity && x in p.replicaIdentity)).map(qualified)))].filter((x) => tables.includes(x)).sort();
    const step: Step = {
      id: `${publisher}/check-tables`,
      node: publisher,
      kind: 'check-tables',
      summary: `${publisher} has ${tables.join(', ')}${subscribers.length > 0 ? `, and ${subscribers.map((s) => s.node).join(', ')} define${subscribers.length === 1 ? 's' : ''} them the same way where they exist` : ''}`,
      commands: [],
      params: { kind: 'check-tables', database: t.database, tables, subscribers, ...(needsIdentity.length > 0 ? { needsIdentity } : {}) },
    };
    return [step];
  });
}
