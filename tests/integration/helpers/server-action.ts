import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface ActionRef {
  /** The action's id in this build. */
  id: string;
  /** The export's name in its actions.ts. */
  name: string;
  file: string;
  /** A page that may call it, with its dynamic segments filled in (`/clusters/x`). */
  page: string;
}

/** Every server action of the current production build, read from Next's server reference manifest. */
export function buildActions(): ActionRef[] {
  const manifest = JSON.parse(readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => {
    const worker = Object.keys(a.workers)[0] ?? '';
    const page = `/${worker.replace(/^app\//, '').replace(/\/page$/, '').split('/').filter((s) => !/^\(.*\)$/.test(s)).map((s) => (/^\[.*\]$/.test(s) ? 'x' : s)).join('/')}`;
    return { id, name: a.exportedName ?? '', file: a.filename ?? '', page };
  });
}

export interface ActionCall {
  /** The HTTP status of the POST itself (Next answers 200 when the action ran). */
  http: number;
  /** What the action returned (its ActionResult), or null when Next refused to run it. */
  result: { ok: boolean; status?: number; data?: unknown; errors?: Array<{ path: string; message: string }>; destructive?: unknown } | null;
}

/** POST a server action as the browser's dispatcher does: `Next-Action`, the arguments as a JSON array, the page's Origin. */
export async function callServerAction(base: string, action: ActionRef, args: unknown[], headers: Record<string, string> = {}): Promise<ActionCall> {
  const res = await fetch(`${base}${action.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'next-action': action.id, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base, ...headers },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  // The Flight stream: row 0 points at the return value, row 1 holds it (plain JSON for plain data).
  const row = /^1:(\{.*\})$/m.exec(text)?.[1];
  let result: ActionCall['result'] = null;
  if (row) {
    const parsed = JSON.parse(row) as Record<string, unknown>;
    if (typeof parsed.ok === 'boolean') result = parsed as ActionCall['result'];
  }
  return { http: res.status, result };
}
