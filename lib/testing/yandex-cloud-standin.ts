import { createPublicKey, constants, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { createInstanceRequest, createTokenRequest } from '@/lib/machines/yandex/shapes';
import type { YandexEndpoints } from '@/lib/machines/yandex/api';

/**
 * A local stand-in for the parts of Yandex Cloud's REST API the driver uses, built from the reference: the same
 * paths, bodies, answers (Operation, google.rpc.Status errors with their HTTP codes) and checks (every request
 * body is validated against the documented shape, JWTs are verified PS256 with the key's public half). It holds
 * its state in memory; faults are switched on per test.
 */
export interface StandinFaults {
  /** The create operation fails with RESOURCE_EXHAUSTED (a quota). */
  quota?: boolean;
  /** Creating is refused with PERMISSION_DENIED (403). */
  permissionDenied?: boolean;
  /** The create operation fails: the zone has no capacity. */
  noCapacity?: boolean;
  /** The create operation fails with INTERNAL. */
  failOperation?: boolean;
}

interface StoredInstance {
  id: string;
  folderId: string;
  name: string;
  labels: Record<string, string>;
  zoneId: string;
  status: string;
  networkInterfaces: Array<{ index: string; subnetId: string; primaryV4Address: { address: string; oneToOneNat?: { address: string; ipVersion: string } } }>;
  request: unknown;
}

interface StoredOperation {
  id: string;
  description: string;
  polls: number;
  result: { response?: Record<string, unknown>; error?: { code: number; message: string; details: unknown[] } };
  metadata: Record<string, unknown>;
  apply?: () => void;
}

export interface StandinOptions {
  folderId: string;
  subnets: Array<{ id: string; zoneId: string; v4CidrBlocks: string[] }>;
  /** Authorized keys it accepts: key id → service account id and the public key (PEM). */
  keys?: Record<string, { serviceAccountId: string; publicKey: string }>;
  oauthTokens?: string[];
  /** How long an issued IAM token is valid. */
  tokenLifetimeMs?: number;
  /** How many polls an operation takes before it is done. */
  operationPolls?: number;
  families?: Record<string, string>;
  /** The zones Zone.List answers (default: ru-central1-a, -b and -d). */
  zones?: string[];
}

const HTTP_OF: Record<number, number> = { 3: 400, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 13: 500, 16: 401 };

export class YandexCloudStandin {
  readonly instances = new Map<string, StoredInstance>();
  readonly operations = new Map<string, StoredOperation>();
  /** Every request: method, path and body, for the tests to check. */
  readonly requests: Array<{ method: string; path: string; body: unknown; authorized: boolean }> = [];
  readonly issuedTokens: Array<{ token: string; expiresAt: number; via: 'jwt' | 'oauth' }> = [];
  faults: StandinFaults = {};
  private server: http.Server | null = null;
  private seq = 0;

  constructor(private readonly o: StandinOptions) {}

  private id(prefix: string): string {
    return `${prefix}${(++this.seq).toString(36).padStart(4, '0')}${randomBytes(6).toString('hex')}`.slice(0, 20);
  }

  /** Listen on 127.0.0.1 (on `port`, when a panel started elsewhere must find it there; else on one the OS picks). */
  async start(port = 0): Promise<YandexEndpoints> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', resolve);
    });
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return { iam: base, compute: base, vpc: base, resourceManager: base, operation: base };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A VM made outside pgcascade (no labels): it must never be touched. */
  addForeignInstance(name: string): string {
    const id = this.id('fhm');
    this.instances.set(id, { id, folderId: this.o.folderId, name, labels: {}, zoneId: this.o.subnets[0]?.zoneId ?? 'ru-central1-a', status: 'RUNNING', networkInterfaces: [], request: null });
    return id;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (rpc: number, message: string) => send(HTTP_OF[rpc] ?? 500, { code: rpc, message, details: [{ '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: randomBytes(8).toString('hex') }] });
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return fail(3, 'Request body is not valid JSON');
    }
    const path = url.pathname;
    const auth = req.headers.authorization;
    this.requests.push({ method: req.method ?? '', path: `${path}${url.search}`, body, authorized: !!auth });

    if (req.method === 'POST' && path === '/iam/v1/tokens') return this.token(body, send, fail);
    if (!auth?.startsWith('Bearer ')) return fail(16, 'The request is missing a valid API key or IAM token.');
    const token = this.issuedTokens.find((t) => t.token === auth.slice(7));
    if (!token || token.expiresAt <= Date.now()) return fail(16, 'Token is invalid or has expired.');

    const folderMatch = /^\/resource-manager\/v1\/folders\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && folderMatch) return folderMatch[1] === this.o.folderId ? send(200, { id: this.o.folderId, cloudId: 'b1gcloud', name: 'default', status: 'ACTIVE' }) : fail(7, `Permission denied to resource-manager.folder ${folderMatch[1]}`);
    if (req.method === 'GET' && path === '/compute/v1/zones') return send(200, { zones: (this.o.zones ?? ['ru-central1-a', 'ru-central1-b', 'ru-central1-d']).map((id) => ({ id, regionId: 'ru-central1', status: 'UP' })) });
    if (req.method === 'GET' && path === '/vpc/v1/subnets') {
      if (!url.searchParams.get('folderId')) return fail(3, 'folderId: required field');
      if (url.searchParams.get('folderId') !== this.o.folderId) return fail(7, `Permission denied to resource-manager.folder ${url.searchParams.get('folderId')}`);
      return send(200, { subnets: this.o.subnets.map((x) => ({ ...x, folderId: this.o.folderId, networkId: 'enpnetwork', name: `default-${x.zoneId}` })) });
    }
    const subnetMatch = /^\/vpc\/v1\/subnets\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && subnetMatch) {
      const s = this.o.subnets.find((x) => x.id === subnetMatch[1]);
      return s ? send(200, { ...s, folderId: this.o.folderId, networkId: 'enpnetwork', name: 'default-subnet' }) : fail(5, `Subnet ${subnetMatch[1]} not found`);
    }
    if (req.method === 'GET' && path === '/compute/v1/images:latestByFamily') {
      const family = url.searchParams.get('family') ?? '';
      const id = (this.o.families ?? { 'ubuntu-2204-lts': 'fd8ubuntu2204' })[family];
      if (!url.searchParams.get('folderId')) return fail(3, 'folderId: required field');
      return id ? send(200, { id, folderId: url.searchParams.get('folderId'), family, status: 'READY', minDiskSize: String(5 * 1024 ** 3), os: { type: 'LINUX' } }) : fail(5, `Image family ${family} not found`);
    }
    if (req.method === 'GET' && path === '/compute/v1/instances') {
      if (url.searchParams.get('folderId') !== this.o.folderId) return fail(7, 'Permission denied');
      return send(200, { instances: [...this.instances.values()].filter((i) => i.folderId === this.o.folderId).map((i) => this.view(i)) });
    }
    if (req.method === 'POST' && path === '/compute/v1/instances') return this.create(body, send, fail);
    const instanceMatch = /^\/compute\/v1\/instances\/([^/:]+)(:start)?$/.exec(path);
    if (instanceMatch) {
      const i = this.instances.get(instanceMatch[1] as string);
      if (!i) return fail(5, `Instance ${instanceMatch[1]} not found`);
      if (req.method === 'GET' && !instanceMatch[2]) return send(200, this.view(i));
      if (req.method === 'POST' && instanceMatch[2]) return send(200, this.operation(`Start instance`, { instanceId: i.id }, {}, () => (i.status = 'RUNNING')));
      if (req.method === 'DELETE') {
        i.status = 'DELETING';
        return send(200, this.operation('Delete instance', { instanceId: i.id }, {}, () => this.instances.delete(i.id)));
      }
    }
    const opMatch = /^\/operations\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && opMatch) {
      const op = this.operations.get(opMatch[1] as string);
      if (!op) return fail(5, `Operation ${opMatch[1]} not found`);
      op.polls += 1;
      const done = op.polls >= (this.o.operationPolls ?? 2);
      if (done && op.apply) (op.apply(), (op.apply = undefined));
      return send(200, this.operationView(op, done));
    }
    fail(12, `Method ${req.method} ${path} is not implemented`);
  }

  private view(i: StoredInstance) {
    const { request: _request, ...rest } = i;
    return { ...rest, createdAt: new Date().toISOString(), platformId: 'standard-v3', fqdn: `${i.name}.ru-central1.internal` };
  }

  private operationView(op: StoredOperation, done: boolean) {
    return { id: op.id, description: op.description, createdAt: new Date().toISOString(), createdBy: 'ajeserviceaccount', modifiedAt: new Date().toISOString(), done, metadata: op.metadata, ...(done ? op.result : {}) };
  }

  private operation(description: string, metadata: Record<string, unknown>, result: StoredOperation['result'], apply?: () => void) {
    const op: StoredOperation = { id: this.id('fhmop'), description, polls: 0, result, metadata: { '@type': 'type.googleapis.com/yandex.cloud.compute.v1.InstanceMetadata', ...metadata }, ...(apply ? { apply } : {}) };
    this.operations.set(op.id, op);
    return this.operationView(op, false);
  }

  private token(body: unknown, send: (c: number, b: unknown) => void, fail: (rpc: number, m: string) => void) {
    const parsed = createTokenRequest.safeParse(body);
    if (!parsed.success) return fail(3, `Request validation error: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const lifetime = this.o.tokenLifetimeMs ?? 12 * 3600_000;
    const issue = (via: 'jwt' | 'oauth') => {
      const token = `t1.${randomBytes(24).toString('base64url')}`;
      const expiresAt = Date.now() + lifetime;
      this.issuedTokens.push({ token, expiresAt, via });
      send(200, { iamToken: token, expiresAt: new Date(expiresAt).toISOString() });
    };
    if ('yandexPassportOauthToken' in parsed.data) return (this.o.oauthTokens ?? []).includes(parsed.data.yandexPassportOauthToken) ? issue('oauth') : fail(16, 'OAuth token is invalid or has expired.');
    const [h, p, s] = parsed.data.jwt.split('.');
    try {
      const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as { alg?: string; kid?: string; typ?: string };
      const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as { iss?: string; aud?: string; iat?: number; exp?: number };
      const key = header.kid ? this.o.keys?.[header.kid] : undefined;
      if (header.alg !== 'PS256' || header.typ !== 'JWT') return fail(16, 'JWT: only PS256 is supported');
      if (!key || key.serviceAccountId !== payload.iss) return fail(16, `Key ${header.kid} not found for service account ${payload.iss}`);
      if (payload.aud !== 'https://iam.api.cloud.yandex.net/iam/v1/tokens') return fail(16, 'JWT: wrong audience');
      const now = Date.now() / 1000;
      if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > 3600 || payload.exp < now) return fail(16, 'JWT: expired or exp - iat > 3600');
      const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key: createPublicKey(key.publicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, Buffer.from(s ?? '', 'base64url'));
      return ok ? issue('jwt') : fail(16, 'JWT signature is invalid');
    } catch {
      return fail(16, 'JWT is malformed');
    }
  }

  private create(body: unknown, send: (c: number, b: unknown) => void, fail: (rpc: number, m: string) => void) {
    const parsed = (createInstanceRequest as z.ZodType<z.infer<typeof createInstanceRequest>>).safeParse(body);
    if (!parsed.success) return fail(3, `Request validation error: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const r = parsed.data;
    if (this.faults.permissionDenied) return fail(7, `Permission denied to folder ${r.folderId}`);
    if (r.folderId !== this.o.folderId) return fail(7, `Permission denied to folder ${r.folderId}`);
    if ([...this.instances.values()].some((i) => i.name === r.name)) return fail(6, `Instance with name ${r.name} already exists`);
    const nic = r.networkInterfaceSpecs[0];
    const s = this.o.subnets.find((x) => x.id === nic?.subnetId);
    if (!s) return fail(5, `Subnet ${nic?.subnetId} not found`);
    if (s.zoneId !== r.zoneId) return fail(3, `Subnet ${s.id} is in zone ${s.zoneId}, not ${r.zoneId}`);
    const id = this.id('fhm');
    const address = nic?.primaryV4AddressSpec?.address ?? '10.128.0.99';
    const instance: StoredInstance = {
      id,
      folderId: r.folderId,
      name: r.name,
      labels: r.labels ?? {},
      zoneId: r.zoneId,
      status: 'PROVISIONING',
      networkInterfaces: [{ index: '0', subnetId: s.id, primaryV4Address: { address, ...(nic?.primaryV4AddressSpec?.oneToOneNatSpec ? { oneToOneNat: { address: `158.160.0.${this.instances.size + 10}`, ipVersion: 'IPV4' } } : {}) } }],
      request: r,
    };
    const error = (code: number, message: string) => ({ error: { code, message, details: [] } });
    const outcome = this.faults.quota
      ? error(8, 'Quota limit compute.instanceCores.count exceeded')
      : this.faults.noCapacity
        ? error(8, `Not enough resources in zone ${r.zoneId} for platform ${r.platformId}`)
        : this.faults.failOperation
          ? error(13, 'Internal error while creating the instance')
          : null;
    if (outcome) return send(200, this.operation(`Create instance`, { instanceId: id }, outcome));
    this.instances.set(id, instance);
    send(200, this.operation('Create instance', { instanceId: id }, { response: { '@type': 'type.googleapis.com/yandex.cloud.compute.v1.Instance', id } }, () => (instance.status = 'RUNNING')));
  }
}
