import example from '../../examples/four-node.local.json';
import type { TopologyInput, ValidationIssue } from './schema';
import { validateTopology } from './validate';

/** A fresh, mutable copy of examples/four-node.local.json. */
export function exampleTopology(): TopologyInput {
  return structuredClone(example) as TopologyInput;
}

export function table(name: string, primaryKey = true): TopologyInput['tables'][number] {
  return {
    name,
    columns: [
      { name: 'id', type: 'integer', primaryKey },
      { name: 'data', type: 'text' },
    ],
  };
}

/** A valid local PostgreSQL 16 cluster vm1…vm5 with tables t1, t2 and nothing replicated yet. */
export function cluster(overrides: Partial<TopologyInput> = {}): TopologyInput {
  return {
    name: 'test-cluster',
    provider: 'local',
    postgresVersion: 16,
    database: 'app',
    tables: [table('t1'), table('t2')],
    nodes: ['vm1', 'vm2', 'vm3', 'vm4', 'vm5'].map((name, i) => ({ name, port: 55431 + i })),
    publications: [],
    subscriptions: [],
    standbys: [],
    ...overrides,
  };
}

export function errorsOf(input: unknown): ValidationIssue[] {
  const result = validateTopology(input);
  return result.ok ? [] : result.errors;
}

/** The messages reported at exactly `path`. */
export function messagesAt(input: unknown, path: string): string[] {
  return errorsOf(input)
    .filter((e) => e.path === path)
    .map((e) => e.message);
}
