/** Small directed-graph helpers over string vertices; used for insert loops and standby chains. */
export type Successors = (vertex: string) => Iterable<string>;

/** Strongly connected components (Tarjan), iterative so deep chains cannot overflow the stack. */
export function stronglyConnected(vertices: Iterable<string>, next: Successors): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const start of vertices) {
    if (index.has(start)) continue;
    const work: Array<{ vertex: string; children: Iterator<string> }> = [];
    const enter = (vertex: string) => {
      index.set(vertex, counter);
      low.set(vertex, counter);
      counter += 1;
      stack.push(vertex);
      onStack.add(vertex);
      work.push({ vertex, children: next(vertex)[Symbol.iterator]() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const child = frame.children.next();
      if (!child.done) {
        const w = child.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.vertex, Math.min(low.get(frame.vertex)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.vertex, Math.min(low.get(parent.vertex)!, low.get(frame.vertex)!));
      if (low.get(frame.vertex) === index.get(frame.vertex)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.vertex);
        components.push(component);
      }
    }
  }
  return components;
}

/** Shortest path `from` … `to` (both included) using only vertices in `within`, or undefined. */
export function shortestPath(
  from: string,
  to: string,
  next: Successors,
  within?: ReadonlySet<string>,
): string[] | undefined {
  const cameFrom = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i += 1) {
    const vertex = queue[i]!;
    if (vertex === to) {
      const path: string[] = [];
      for (let v: string | null | undefined = to; v != null; v = cameFrom.get(v)) path.push(v);
      return path.reverse();
    }
    for (const w of next(vertex)) {
      if (cameFrom.has(w) || (within && !within.has(w))) continue;
      cameFrom.set(w, vertex);
      queue.push(w);
    }
  }
  return undefined;
}
