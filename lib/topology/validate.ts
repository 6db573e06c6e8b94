import { readLoose } from './loose';
import { topologySchema, type Topology, type ValidationIssue } from './schema';
import { checkBackups } from './rules/backups';
import { checkCluster } from './rules/cluster';
import { collectFacts, type Rule } from './rules/facts';
import { checkInsertLoops } from './rules/insert-loops';
import { checkInitialCopy } from './rules/initial-copy';
import { checkMachines } from './rules/machines';
import { checkNodes } from './rules/nodes';
import { checkPublications } from './rules/publications';
import { checkStandbys } from './rules/standbys';
import { checkSubscriptions } from './rules/subscriptions';
import { checkTables } from './rules/tables';
import { fromZodIssues, zodMessages } from './zod-issues';

export type ValidationResult = { ok: true; topology: Topology } | { ok: false; errors: ValidationIssue[] };

const RULES: Rule[] = [
  checkNodes,
  checkTables,
  checkPublications,
  checkSubscriptions,
  checkInsertLoops,
  checkInitialCopy,
  checkStandbys,
  checkCluster,
  checkBackups,
  checkMachines,
];

// A pathological input could yield millions of shape issues; nobody reads past this many.
const MAX_ISSUES = 1000;

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Check a topology's shape and its cross-references, reporting every problem at once.
 * Semantic rules run on the well-typed parts even when the shape check fails.
 */
export function validateTopology(input: unknown): ValidationResult {
  try {
    const parsed = topologySchema.safeParse(input, { error: zodMessages });
    const loose = readLoose(input);
    const facts = collectFacts(loose);
    const shapeIssues = parsed.success ? [] : fromZodIssues(parsed.error.issues);
    const errors = dedupe([...shapeIssues, ...RULES.flatMap((rule) => rule(loose, facts))]);
    if (parsed.success && errors.length === 0) return { ok: true, topology: parsed.data };
    if (errors.length > MAX_ISSUES) {
      const more = {
        path: '',
        message: `…and ${errors.length - MAX_ISSUES} more problems; fix the ones above first`,
      };
      return { ok: false, errors: [...errors.slice(0, MAX_ISSUES), more] };
    }
    return { ok: false, errors };
  } catch {
    // Only exotic inputs (throwing getters, proxies) get here; plain JSON never does.
    return {
      ok: false,
      errors: [{ path: '', message: 'the topology could not be read; send a plain JSON object' }],
    };
  }
}
