export { detectDrift, type DriftNode } from './detect';
export type { Drift } from './drift';
