import { HttpError } from './http-error';

export const MAX_BODY_BYTES = 1_000_000;

const tooLarge = (limit: number) => new HttpError(413, [{ path: '', message: `the body is larger than ${limit} bytes` }]);

/** Whether a request says it carries a body (a length above 0, or chunked). */
export function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  return (length !== null && length !== '0') || req.headers.has('transfer-encoding');
}

/** The body as text, read as a stream and abandoned at `limit` bytes (413), so a huge body is never held. */
export async function readText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as JSON: 400 when it is empty (unless optional) or not JSON, 413 when too large. */
export async function readJson(req: Request, { optional = false } = {}): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new HttpError(400, [{ path: '', message: 'the body is empty: send JSON' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, [{ path: '', message: 'the body is not valid JSON' }]);
  }
}

/** Writes carry JSON and nothing else: a form or text/plain post (which any web page can send) is refused. */
export function requireJsonContentType(req: Request): void {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) || !hasBody(req)) return;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, [{ path: '', message: `send the body as application/json (got ${type || 'no content type'})` }]);
  }
}
