import { z } from 'zod';

/**
 * The requests pgcascade sends to Yandex Cloud and the answers it reads, as the REST reference documents them
 * (compute/api-ref/Instance/create, Instance/list, Image/getLatestByFamily, vpc Subnet/get, resource-manager
 * Folder/get, iam IamToken/create, api-design-guide Operation and errors). Requests are strict: a field the
 * reference does not name is a bug. The stand-in server checks every request against these.
 */
const int64 = z.string().regex(/^\d+$/, 'int64 fields are sent as decimal strings');

export const createInstanceRequest = z.strictObject({
  folderId: z.string().max(50),
  name: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/),
  description: z.string().max(256).optional(),
  labels: z.record(z.string().regex(/^[a-z][-_./\\@0-9a-z]{0,62}$/), z.string().regex(/^[-_./\\@0-9a-z]{0,63}$/)).optional(),
  zoneId: z.string().max(50),
  platformId: z.string(),
  resourcesSpec: z.strictObject({ memory: int64, cores: int64, coreFraction: int64.optional() }),
  metadata: z.record(z.string(), z.string()).optional(),
  bootDiskSpec: z.strictObject({
    autoDelete: z.boolean().optional(),
    diskSpec: z.strictObject({ typeId: z.string().max(50).optional(), size: int64, imageId: z.string().max(50) }),
  }),
  networkInterfaceSpecs: z
    .array(
      z.strictObject({
        subnetId: z.string().max(50),
        primaryV4AddressSpec: z.strictObject({ address: z.string().optional(), oneToOneNatSpec: z.strictObject({ ipVersion: z.literal('IPV4') }).optional() }).optional(),
      }),
    )
    .length(1),
  hostname: z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/).optional(),
});

/** POST iam/v1/tokens: one of a signed JWT (service account) or a Yandex Passport OAuth token. */
export const createTokenRequest = z.union([z.strictObject({ jwt: z.string() }), z.strictObject({ yandexPassportOauthToken: z.string() })]);

export const tokenResponse = z.object({ iamToken: z.string(), expiresAt: z.string().optional() });

/** google.rpc.Status, in error answers and in a failed Operation's `error`. */
export const status = z.object({ code: z.number().int(), message: z.string(), details: z.array(z.unknown()).optional() });

export const operation = z.object({
  id: z.string(),
  done: z.boolean(),
  description: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  error: status.optional(),
  response: z.record(z.string(), z.unknown()).optional(),
});

export const instance = z.object({
  id: z.string(),
  folderId: z.string(),
  name: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  zoneId: z.string(),
  status: z.string(),
  networkInterfaces: z
    .array(z.object({ subnetId: z.string().optional(), primaryV4Address: z.object({ address: z.string().optional(), oneToOneNat: z.object({ address: z.string().optional() }).optional() }).optional() }))
    .optional(),
});

export const listInstancesResponse = z.object({ instances: z.array(instance).optional(), nextPageToken: z.string().optional() });
export const image = z.object({ id: z.string(), family: z.string().optional(), status: z.string().optional(), minDiskSize: int64.optional() });
export const subnet = z.object({ id: z.string(), folderId: z.string(), zoneId: z.string(), networkId: z.string().optional(), v4CidrBlocks: z.array(z.string()).optional() });
export const folder = z.object({ id: z.string(), status: z.string().optional() });
/** Compute's Zone.List (GET /compute/v1/zones) and VPC's Subnet.List (GET /vpc/v1/subnets?folderId=), paged by nextPageToken. */
export const zone = z.object({ id: z.string(), regionId: z.string().optional(), status: z.string().optional() });
export const listZonesResponse = z.object({ zones: z.array(zone).optional(), nextPageToken: z.string().optional() });
export const listSubnetsResponse = z.object({ subnets: z.array(subnet.extend({ name: z.string().optional() })).optional(), nextPageToken: z.string().optional() });

/** A service account's authorized key as `yc iam key create` writes it. */
export const authorizedKey = z.object({ id: z.string().min(1), service_account_id: z.string().min(1), private_key: z.string().includes('PRIVATE KEY') });

export type CreateInstanceRequest = z.infer<typeof createInstanceRequest>;
export type Operation = z.infer<typeof operation>;
export type Instance = z.infer<typeof instance>;
export type AuthorizedKey = z.infer<typeof authorizedKey>;
