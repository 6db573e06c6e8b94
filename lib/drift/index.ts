export type { LiveNode, ReachableNode, UnreachableNode, LiveSetting, LiveRole, LiveTable, LivePublication, LiveSubscription, LiveSlot, LiveUpstream } from './live-state';
export { collectLiveNode, type LiveIo } from './collect';
export { detectDrift } from './detect';
export type { Drift } from './drift';
