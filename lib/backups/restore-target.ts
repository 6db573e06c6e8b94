import { z } from 'zod';
import { identifierSchema, portSchema, type Backup, type Topology, type ValidationIssue } from '@/lib/topology/schema';
import { nodeAddress } from '@/lib/plan/derive/node-facts';

/** Where "Restore to…" puts the copy: a scratch cluster, a new standalone node, or the backup node itself (typed confirmation). */
export const restoreTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('scratch') }),
  z.strictObject({
    kind: z.literal('node'),
    name: identifierSchema,
    port: portSchema,
    host: z.string().max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name').optional(),
  }),
  // Without the cluster's exact name: 409 with the destructive steps, nothing runs.
  z.strictObject({ kind: z.literal('in-place'), confirm: z.string().max(200).optional() }),
]);

export type RestoreTargetInput = z.infer<typeof restoreTargetSchema>;
export type NodeTargetInput = Extract<RestoreTargetInput, { kind: 'node' }>;

/** What is wrong with a new node's name, port and host, from the topology alone: 422 (`invalid`) or 409 (`conflict`). */
export function nodeTargetIssues(t: Topology, backup: Backup, target: NodeTargetInput): { invalid: ValidationIssue[]; conflict: ValidationIssue[] } {
  const invalid: ValidationIssue[] = [];
  const conflict: ValidationIssue[] = [];
  if (t.nodes.some((n) => n.name === target.name)) conflict.push({ path: 'target.name', message: `${target.name} is already a node of this cluster: give the restored node another name` });
  const taken = t.nodes.find((n) => n.port === target.port);
  if (taken) invalid.push({ path: 'target.port', message: `port ${target.port} is ${taken.name}'s: choose a port no node of the topology uses` });
  const address = nodeAddress(t, backup.node);
  const here = t.provider === 'local' ? [address, 'localhost'] : [address];
  if (target.host !== undefined && !here.includes(target.host)) {
    invalid.push({
      path: 'target.host',
      message:
        `the repository is only reachable on ${backup.node}'s host (${address}) until pgBackRest repository hosts are supported: ` +
        `leave host out, or give ${address}`,
    });
  }
  return { invalid, conflict };
}

/** Whether the typed confirmation of an in-place restore is the cluster's name, exactly. */
export function isInPlaceConfirmed(t: Topology, target: Extract<RestoreTargetInput, { kind: 'in-place' }>): boolean {
  return target.confirm === t.name;
}

/** Why the backup node may not be restored over itself: pgcascade never stops an adopted server (422 at `target.kind`). */
export function inPlaceIssues(t: Topology, backup: Backup): ValidationIssue[] {
  const node = t.nodes.find((n) => n.name === backup.node);
  if (!node?.adopted) return [];
  return [{ path: 'target.kind', message: `${backup.node} is an adopted server, which pgcascade never stops or rewrites: restore into a new node instead` }];
}
