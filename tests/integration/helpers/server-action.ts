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
  /** The cookie the answer sets (`name=value`), if any. */
  setCookie: string | null;
}

/** POST a server action as the browser's dispatcher does: `Next-Action`, the arguments as a JSON array, the page's Origin. */
export async function callServerAction(base: string, action: ActionRef, args: unknown[], headers: Record<string, string> = {}): Promise<ActionCall> {
  const res = await fetch(`${base}${action.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'next-action': action.id, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base, ...headers },
    body: JSON.stringify(args),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  // The Flight stream: row 0 points at the return value, row 1 holds it (plain JSON for plain data).
  const row = /^1:(\{.*\})$/m.exec(text)?.[1];
  let result: ActionCall['result'] = null;
  if (row) {
    const parsed = resolveTextRows(JSON.parse(row), textRows(bytes)) as Record<string, unknown>;
    if (typeof parsed.ok === 'boolean') result = parsed as ActionCall['result'];
  }
  return { http: res.status, result, setCookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

/** Long strings travel as their own rows, `<id>:T<byte length in hex>,<text>`, and the value says `$<id>`. */
function textRows(stream: Buffer): Map<string, string> {
  const rows = new Map<string, string>();
  const head = /(?:^|\n)([0-9a-f]+):T([0-9a-f]+),/g;
  const latin = stream.toString('latin1');
  for (let m = head.exec(latin); m; m = head.exec(latin)) {
    const start = m.index + m[0].length;
    const length = parseInt(m[2]!, 16);
    rows.set(m[1]!, stream.subarray(start, start + length).toString('utf8'));
    head.lastIndex = start + length;
  }
  return rows;
}

function resolveTextRows(value: unknown, rows: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const ref = /^\$([0-9a-f]+)$/.exec(value)?.[1];
    if (ref !== undefined && rows.has(ref)) return rows.get(ref);
    return value.startsWith('$$') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveTextRows(v, rows));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTextRows(v, rows)]));
  return value;
}
