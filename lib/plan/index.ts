export { compilePlan, compileDestroyPlan } from './compile';
export type { Plan, Step, Command, StepKind, StepParams, StepOf } from './types';
export type { Observed, Layout, LocalLayout, DebianLayout } from './layout';
export { maskedPlan, renderCommand } from './render';
export { renderRunbook } from './runbook';
