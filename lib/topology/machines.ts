import { z } from 'zod';

/** A Yandex Cloud or libvirt resource id / name as pgcascade passes it on (never into a shell unquoted). */
const cloudId = z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be an id: letters, digits, . _ -');

export const machineResourcesSchema = z.strictObject({
  cores: z.number().int('must be a whole number').min(1, 'must be at least 1 core').max(64, 'must be at most 64 cores'),
  memoryGb: z.number().min(0.5, 'must be at least 0.5 GB').max(256, 'must be at most 256 GB'),
  diskGb: z.number().int('must be a whole number').min(4, 'must be at least 4 GB').max(2048, 'must be at most 2048 GB'),
  /** Yandex Cloud only: standard-v1, standard-v2, standard-v3 … */
  platform: cloudId.optional(),
  /** Yandex Cloud only: the guaranteed share of each core, in percent (5, 20, 50, 100). */
  coreFraction: z.union([z.literal(5), z.literal(20), z.literal(50), z.literal(100)]).optional(),
});

/** The boot image: the newest of a family (Yandex: in folder `standard-images` unless named), or one image id. */
export const machineImageSchema = z.union([
  z.strictObject({ family: cloudId, folderId: cloudId.optional() }),
  z.strictObject({ id: cloudId }),
]);

export const yandexMachinesSchema = z.strictObject({
  driver: z.literal('yandex-cloud'),
  /** A stored credential holding a service-account authorized key (JSON) or an OAuth token. */
  credentialId: z.string().min(1).max(100),
  folderId: cloudId,
  zone: cloudId,
  subnetId: cloudId,
  image: machineImageSchema.default({ family: 'ubuntu-2204-lts' }),
  resources: machineResourcesSchema,
  /** A public (one-to-one NAT) address as well: the panel logs in over it when it is not inside the network. */
  publicIp: z.boolean().optional(),
});

export const libvirtMachinesSchema = z.strictObject({
  driver: z.literal('libvirt'),
  uri: z.string().max(300).regex(/^(qemu|qemu\+ssh):\/\/[A-Za-z0-9@._:/-]*$/, 'must be a libvirt URI such as qemu:///system or qemu+ssh://root@host/system').default('qemu:///system'),
  /** A libvirt network to use as it is; without it pgcascade manages its own NAT network in 10.79.0.0/24. */
  network: cloudId.optional(),
  /** A base image (qcow2 path on the libvirt host) to use instead of the Debian 12 image pgcascade builds. */
  baseImage: z.string().max(500).regex(/^\/[A-Za-z0-9._/-]+$/, 'must be an absolute path').optional(),
  resources: machineResourcesSchema,
});

/** Where the nodes' machines come from: pgcascade creates them before it sets up PostgreSQL. */
export const machinesSchema = z.discriminatedUnion('driver', [yandexMachinesSchema, libvirtMachinesSchema]);

/**
 * One node's differences from the cluster's `machines`: `false` for a host that exists already (it needs its own
 * address and ssh), or the fields to override (resources field by field).
 */
export const nodeMachineSchema = z.union([
  z.literal(false),
  z.strictObject({
    zone: cloudId.optional(),
    subnetId: cloudId.optional(),
    image: machineImageSchema.optional(),
    publicIp: z.boolean().optional(),
    resources: machineResourcesSchema.partial().optional(),
  }),
]);

export type Machines = z.infer<typeof machinesSchema>;
export type YandexMachines = z.infer<typeof yandexMachinesSchema>;
export type LibvirtMachines = z.infer<typeof libvirtMachinesSchema>;
export type MachineResources = z.infer<typeof machineResourcesSchema>;
export type MachineImage = z.infer<typeof machineImageSchema>;
export type NodeMachine = z.infer<typeof nodeMachineSchema>;
