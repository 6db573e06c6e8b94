export interface NodeGroup<T> {
  node: string;
  label: string;
  steps: T[];
}

/** Steps grouped by node in order of first appearance; `*` (checks about no single node) is "Pre-flight". */
export function groupByNode<T extends { node: string }>(steps: T[]): NodeGroup<T>[] {
  const groups = new Map<string, NodeGroup<T>>();
  for (const step of steps) {
    let group = groups.get(step.node);
    if (!group) {
      group = { node: step.node, label: step.node === '*' ? 'Pre-flight' : step.node, steps: [] };
      groups.set(step.node, group);
    }
    group.steps.push(step);
  }
  return [...groups.values()];
}
