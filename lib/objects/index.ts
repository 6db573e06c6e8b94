import type { StepKind } from '@/lib/plan/types';
import type { AnyObjectModule } from './object';
import { access } from './access';
import { database } from './database';
import { heartbeat } from './heartbeat';
import { droppedPublication, publication } from './publication';
import { adminRole, monitorRole, replicationRole } from './role';
import { service } from './service';
import { settings } from './settings';
import { droppedSlot, physicalSlot } from './slot';
import { standby } from './standby';
import { droppedSubscription, subscription } from './subscription';
import { subscriptionsEnabled } from './subscriptions-enabled';
import { grant, table } from './table';
import { tls } from './tls';
import { tableCopy } from './table-copy';
import { replicaIdentity } from './replica-identity';
import { walReader } from './wal-reader';
import { writeGuard } from './write-guard';
import { pgbackrestAuthorize, pgbackrestConfig, pgbackrestInstall, pgbackrestSsh, pgbackrestStanza } from './pgbackrest';
import { startSubscriber } from './physical-start';

/** Every kind of step that manages an object, with the one read and diff that plan, apply and drift use. */
export const OBJECT_MODULES: Partial<Record<StepKind, AnyObjectModule>> = Object.fromEntries(
  [access, database, heartbeat, publication, droppedPublication, adminRole, monitorRole, replicationRole, service, settings, physicalSlot, droppedSlot, standby, subscription, subscriptionsEnabled, droppedSubscription, grant, table, tableCopy, replicaIdentity, tls, walReader, writeGuard, pgbackrestInstall, pgbackrestConfig, pgbackrestStanza, pgbackrestSsh, pgbackrestAuthorize, startSubscriber].map((m) => [m.kind, m]),
);

export function objectModuleOf(kind: StepKind): AnyObjectModule | undefined {
  return OBJECT_MODULES[kind];
}

export { changeCommands, type Change, type ChangeAction, type NodeIo, type Secrets } from './object';
