import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook delivery. */
export const TIMESTAMP_HEADER = 'x-pgcascade-timestamp';
export const SIGNATURE_HEADER = 'x-pgcascade-signature';
export const DELIVERY_HEADER = 'x-pgcascade-delivery';

/** How old a delivery's timestamp may be before the verifier refuses it (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: the timestamp is signed too, so it cannot be replaced. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * What a receiver runs on each delivery, with the raw body as received (before any JSON parsing): the signature
 * must match and the timestamp be within `toleranceSeconds` of the receiver's clock.
 */
export function verifyWebhook({
  secret,
  body,
  timestamp,
  signature,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: {
  secret: string;
  body: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): VerifyResult {
  if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: `missing or malformed ${TIMESTAMP_HEADER}` };
  if (!signature) return { ok: false, reason: `missing ${SIGNATURE_HEADER}` };
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > toleranceSeconds)
    return { ok: false, reason: `timestamp is more than ${toleranceSeconds} s away from now (replayed or clocks apart)` };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
