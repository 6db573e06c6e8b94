export * from './schema';
export * from './machines';
export { validateTopology, type ValidationResult } from './validate';
export { nodeRoles, type NodeRole } from './node-roles';
export {
  chainRoot,
  directStandbys,
  isStandby,
  slotName,
  standbyChainRoots,
  standbyOf,
  standbyOrder,
} from './standby-chains';
