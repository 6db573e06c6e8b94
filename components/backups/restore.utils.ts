import type { RestoreInput } from '@/lib/http/restore-command';
import type { ApiIssue } from '@/lib/queries/types';

export type RestorePoint = 'latest' | 'backup' | 'time';
export type RestoreInto = 'scratch' | 'node' | 'in-place';

/** What the "Restore to…" form holds, as the user typed it. */
export interface RestoreForm {
  point: RestorePoint;
  backup: string;
  /** A `datetime-local` value, read as UTC. */
  time: string;
  into: RestoreInto;
  name: string;
  port: string;
  host: string;
  /** The cluster's name typed to restore over the backup node (in place). */
  confirm: string;
}

export const EMPTY_RESTORE_FORM: RestoreForm = { point: 'latest', backup: '', time: '', into: 'scratch', name: '', port: '', host: '', confirm: '' };

/** A `datetime-local` value (minutes or seconds) as an ISO UTC timestamp; other text is passed on for the server to reject. */
export function utcTime(local: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return `${local}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(local)) return `${local}Z`;
  return local;
}

/** The request the route and the action take, from the form. */
export function restoreRequest(f: RestoreForm): RestoreInput {
  const point = f.point === 'backup' ? { backup: f.backup } : f.point === 'time' ? { time: utcTime(f.time) } : {};
  if (f.into === 'node') {
    return { ...point, target: { kind: 'node', name: f.name.trim(), port: Number(f.port), ...(f.host.trim() ? { host: f.host.trim() } : {}) } };
  }
  if (f.into === 'in-place') return { ...point, target: { kind: 'in-place', ...(f.confirm ? { confirm: f.confirm } : {}) } };
  return { ...point, target: { kind: 'scratch' } };
}

/** The server's messages for one field (`target.port`), to show under it. */
export function messagesAt(issues: readonly ApiIssue[], path: string): string[] {
  return issues.filter((i) => i.path === path).map((i) => i.message);
}

/** A step the server refused to run until confirmed (the 409's `destructive`). */
export interface DestructiveItem {
  stepId: string;
  summary: string;
  cost: string;
}

/** The destructive steps of a 409 answer's body, if any. */
export function destructiveOf(body: unknown): DestructiveItem[] {
  const list = (body as { destructive?: unknown } | undefined)?.destructive;
  return Array.isArray(list) ? (list as DestructiveItem[]) : [];
}
