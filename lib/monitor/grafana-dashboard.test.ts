import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMetrics } from './prometheus';

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}
const dashboard = JSON.parse(readFileSync(path.join(process.cwd(), 'examples/grafana-dashboard.json'), 'utf8')) as {
  panels: Panel[];
};
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ title: p.title, expr: t.expr.replaceAll('$cluster', '.*') })));

describe('examples/grafana-dashboard.json', () => {
  it('queries only metrics that /metrics exports', () => {
    const exported = new Set([...renderMetrics([], new Date()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    for (const { title, expr } of exprs)
      for (const name of expr.match(/pgcascade_\w+/g) ?? []) expect(exported.has(name), `${title}: ${name}`).toBe(true);
  });

  it('has queries that promtool parses', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-dashboard-'));
    try {
      const file = path.join(dir, 'rules.yml');
      const rules = exprs.map((e, i) => `      - record: dashboard:panel_${i}\n        expr: ${JSON.stringify(e.expr)}`).join('\n');
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const res = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(res.error, 'promtool is missing: apt-get install prometheus').toBeUndefined();
      expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
