export { detectDrift, refreshPlan, type DriftNode } from './detect';
export type { Drift } from './drift';
