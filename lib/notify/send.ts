import 'server-only';
import type { OutgoingRequest } from './payloads';

export const SEND_TIMEOUT_MS = 5000;

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Why fetch failed, in the words of the socket (ECONNREFUSED, ENOTFOUND, …), not "fetch failed". */
function causeOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'unknown error';
  // fetch refuses a fixed list of ports (25, 6000, 9, …) before connecting: say so rather than "bad port".
  return cause === 'bad port' ? 'HTTP clients refuse this port (such as 25 or 6000): use another one' : cause;
}

/**
 * POST one notification. Redirects are not followed (a receiver that moved answers 3xx, shown as such), and the
 * error names the host only: a webhook's path may be its credential (Slack's is).
 */
export async function send(req: OutgoingRequest, mask: (text: string) => string = (t) => t): Promise<SendResult> {
  const started = Date.now();
  const host = new URL(req.url).host;
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const text = await res.text().catch(() => '');
    const durationMs = Date.now() - started;
    if (res.status >= 200 && res.status < 300) return { statusCode: res.status, error: null, durationMs };
    const detail = text.trim().replace(/\s+/g, ' ').slice(0, 200);
    return { statusCode: res.status, error: mask(`${host} answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`), durationMs };
  } catch (err) {
    return { statusCode: null, error: mask(`could not reach ${host}: ${causeOf(err)}`), durationMs: Date.now() - started };
  }
}
