import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** One fault scenario's outcome, printed by `npm run test:faults` and copied into the README. */
export interface ScenarioResult {
  scenario: string;
  durationMs: number;
  written: number | null;
  found: number | null;
  lost: number | null;
  outcome: string;
}

const FILE = path.resolve('.faults-results.jsonl');

export function recordScenario(r: ScenarioResult): void {
  appendFileSync(FILE, `${JSON.stringify(r)}\n`);
}

export function clearResults(): void {
  rmSync(FILE, { force: true });
}

export function summary(): string {
  if (!existsSync(FILE)) return 'no fault scenario ran';
  const rows = readFileSync(FILE, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ScenarioResult);
  const n = (v: number | null) => (v === null ? '-' : String(v));
  const table = [
    ['scenario', 'duration', 'written', 'found', 'lost', 'outcome'],
    ...rows.map((r) => [
      r.scenario,
      `${(r.durationMs / 1000).toFixed(1)} s`,
      n(r.written),
      n(r.found),
      n(r.lost),
      r.outcome,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')).join('\n');
}
