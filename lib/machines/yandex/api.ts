import { z } from 'zod';
import { MachineError } from '../types';
import { IamTokenSource, type YandexCredential } from './auth';
import { operation, status, type Operation } from './shapes';

/** Where each service answers; tests point them at a local stand-in. */
export interface YandexEndpoints {
  iam: string;
  compute: string;
  vpc: string;
  resourceManager: string;
  operation: string;
}

export const YANDEX_ENDPOINTS: YandexEndpoints = {
  iam: 'https://iam.api.cloud.yandex.net',
  compute: 'https://compute.api.cloud.yandex.net',
  vpc: 'https://vpc.api.cloud.yandex.net',
  resourceManager: 'https://resource-manager.api.cloud.yandex.net',
  operation: 'https://operation.api.cloud.yandex.net',
};

/** What to do about each google.rpc.Code the API answers with. */
export function fixFor(code: number, message: string, folderId: string): string {
  if (/not enough resources|insufficient|capacity/i.test(message)) return 'The zone has no capacity for this VM now: choose another zone (machines.zone, or a node\'s machine.zone) or another platform, or retry later';
  switch (code) {
    case 16:
      return 'The credentials were refused (wrong or expired): create a new authorized key (yc iam key create) or OAuth token and store it in the credential';
    case 7:
      return `Grant the service account the roles compute.editor and vpc.user on folder ${folderId}`;
    case 8:
      return 'A quota is used up: raise it in the console (Quotas) or ask for fewer or smaller VMs; deleting unused VMs and disks frees quota too';
    case 5:
      return 'Check the id in the topology (folderId, subnetId, zone, image) against the console';
    case 3:
    case 9:
      return 'The request was refused as it is: check the resources (cores, memory, platform) against the platform\'s allowed values';
    case 14:
    case 4:
      return 'Yandex Cloud did not answer in time: retry the job';
    default:
      return 'Retry the job; if it fails again, check the operation in the console';
  }
}

export class YandexApiError extends MachineError {
  constructor(
    what: string,
    readonly rpcCode: number,
    readonly apiMessage: string,
    folderId: string,
  ) {
    super(`Yandex Cloud: ${what} failed: ${apiMessage} (code ${rpcCode})`, fixFor(rpcCode, apiMessage, folderId), String(rpcCode));
    this.name = 'YandexApiError';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface YandexApiOptions {
  endpoints?: Partial<YandexEndpoints>;
  folderId: string;
  /** First wait between operation polls; it doubles up to `maxPollMs`. */
  pollMs?: number;
  maxPollMs?: number;
  operationTimeoutMs?: number;
  now?: () => number;
}

/** The REST calls the driver needs, with the IAM token, error answers as typed errors, and operations polled with backoff. */
export class YandexApi {
  readonly endpoints: YandexEndpoints;
  private readonly tokens: IamTokenSource;

  constructor(
    credential: YandexCredential,
    private readonly o: YandexApiOptions,
  ) {
    this.endpoints = { ...YANDEX_ENDPOINTS, ...o.endpoints };
    this.tokens = new IamTokenSource(credential, (body) => this.send('POST', `${this.endpoints.iam}/iam/v1/tokens`, 'IAM token exchange', body, null), o.now);
  }

  private async send(method: string, url: string, what: string, body: unknown, token: string | null): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new MachineError(`Yandex Cloud: ${what}: no answer from ${new URL(url).host} (${(err as Error).message})`, 'Check this machine\'s network access to Yandex Cloud, then retry', 'network');
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : {};
    if (!res.ok) {
      const s = status.safeParse(json);
      throw new YandexApiError(what, s.success ? s.data.code : res.status, s.success ? s.data.message : `HTTP ${res.status}`, this.o.folderId);
    }
    return json;
  }

  /** An authenticated call; a 401 renews the token once (it may have been revoked or expired early). */
  async call<T>(method: string, service: keyof YandexEndpoints, path: string, what: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const url = `${this.endpoints[service]}${path}`;
    try {
      return schema.parse(await this.send(method, url, what, body, await this.tokens.get()));
    } catch (err) {
      if (!(err instanceof YandexApiError) || err.rpcCode !== 16) throw err;
      this.tokens.invalidate();
      return schema.parse(await this.send(method, url, what, body, await this.tokens.get()));
    }
  }

  /** Wait for an operation, polling with backoff; a failed operation throws with the API's message and the fix. */
  async wait(op: Operation, what: string, onPoll?: (op: Operation) => void): Promise<Operation> {
    let current = op;
    let delay = this.o.pollMs ?? 1000;
    const deadline = Date.now() + (this.o.operationTimeoutMs ?? 15 * 60_000);
    while (!current.done) {
      if (Date.now() > deadline) throw new MachineError(`Yandex Cloud: ${what} (operation ${op.id}) did not finish in time`, 'Check the operation in the console; retry the job once it has finished', 'timeout');
      await sleep(delay);
      delay = Math.min(delay * 2, this.o.maxPollMs ?? 10_000);
      current = await this.call('GET', 'operation', `/operations/${encodeURIComponent(op.id)}`, `${what} (operation ${op.id})`, operation);
      onPoll?.(current);
    }
    if (current.error) throw new YandexApiError(`${what} (operation ${op.id})`, current.error.code, current.error.message, this.o.folderId);
    return current;
  }
}
