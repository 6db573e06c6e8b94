import { createPrivateKey, constants, sign } from 'node:crypto';
import { authorizedKey, createTokenRequest, tokenResponse, type AuthorizedKey } from './shapes';

/** How a user logs in to Yandex Cloud: a service account's authorized key (JSON), or an OAuth token. */
export type YandexCredential = { kind: 'authorized-key'; key: AuthorizedKey } | { kind: 'oauth'; token: string };

/** The audience a service account's JWT names (the documented token URL, whatever base URL is used). */
export const IAM_AUDIENCE = 'https://iam.api.cloud.yandex.net/iam/v1/tokens';
// The reference: an IAM token lives at most 12 hours, and should be requested more often, e.g. every hour.
const RENEW_AFTER_MS = 60 * 60_000;
const RENEW_BEFORE_EXPIRY_MS = 5 * 60_000;

/** The credential from what the user pasted: the authorized key's JSON, or an OAuth token. */
export function parseYandexCredential(text: string): YandexCredential {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new Error('the authorized key is not valid JSON: paste the whole file that yc iam key create wrote');
    }
    const parsed = authorizedKey.safeParse(json);
    if (!parsed.success) throw new Error('the authorized key needs id, service_account_id and private_key: paste the whole file that yc iam key create wrote');
    return { kind: 'authorized-key', key: parsed.data };
  }
  if (!/^[A-Za-z0-9._-]{20,}$/.test(trimmed)) throw new Error('this is neither an authorized key (JSON) nor an OAuth token');
  return { kind: 'oauth', token: trimmed };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A service account's JWT, signed PS256 (salt length = hash length, RFC 7518 3.5), valid for `lifetimeS` (at most 3600). */
export function serviceAccountJwt(key: AuthorizedKey, nowS = Math.floor(Date.now() / 1000), lifetimeS = 3600): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'PS256', kid: key.id }));
  const payload = b64url(JSON.stringify({ iss: key.service_account_id, aud: IAM_AUDIENCE, iat: nowS, exp: nowS + Math.min(lifetimeS, 3600) }));
  // `yc` puts a "PLEASE DO NOT REMOVE THIS LINE!" line before the PEM block.
  const pem = key.private_key.slice(key.private_key.indexOf('-----BEGIN'));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: createPrivateKey(pem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  return `${header}.${payload}.${b64url(signature)}`;
}

export type TokenExchange = (body: unknown) => Promise<unknown>;

/** An IAM token, exchanged once and renewed before it expires (or after an hour, as the reference advises). */
export class IamTokenSource {
  private token: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credential: YandexCredential,
    private readonly exchange: TokenExchange,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    this.pending ??= this.renew().finally(() => (this.pending = null));
    return this.pending;
  }

  /** After a 401: the next request gets a fresh token. */
  invalidate(): void {
    this.token = null;
  }

  private async renew(): Promise<string> {
    const body = createTokenRequest.parse(this.credential.kind === 'oauth' ? { yandexPassportOauthToken: this.credential.token } : { jwt: serviceAccountJwt(this.credential.key, Math.floor(this.now() / 1000)) });
    const answer = tokenResponse.parse(await this.exchange(body));
    const issued = this.now();
    const expires = answer.expiresAt ? Date.parse(answer.expiresAt) : issued + 12 * 3600_000;
    this.token = { value: answer.iamToken, renewAt: Math.min(issued + RENEW_AFTER_MS, expires - RENEW_BEFORE_EXPIRY_MS) };
    return answer.iamToken;
  }
}
