import type { Topology } from '@/lib/topology/schema';
import { serviceCommands, type Layout } from '@/lib/plan/layout';
import { deriveSettings } from '@/lib/plan/derive/settings';
import { nodePort } from '@/lib/plan/derive/node-facts';
import type { Step } from '@/lib/plan/types';
import { canonicalSetting } from './setting-value';
import { objectModule, sqlCommand, type Change } from './object';

/** Start the node, or reload it after a settings change and restart only when a changed setting needs it. */
export function ensureRunningStep(t: Topology, layout: Layout, node: string, restartCost?: string): Step {
  const service = serviceCommands(layout, node);
  return {
    id: `${node}/ensure-running`,
    node,
    kind: 'ensure-running',
    summary: `Start ${node} on port ${nodePort(t, node)} (reload, or restart only when a changed setting needs it)`,
    commands: [{ type: 'shell', argv: service.start, asPostgres: service.asPostgres }],
    params: { kind: 'ensure-running', port: nodePort(t, node), service, settings: deriveSettings(t, node, layout).map(([name]) => name) },
    ...(restartCost ? { destructive: restartCost } : {}),
  };
}

interface LiveService {
  running: boolean;
  /** Settings whose new value waits for a restart. */
  pendingRestart: string[];
  /** Managed settings whose file value is not the running one yet, though a reload would apply it. */
  unloaded: string[];
}

export const service = objectModule<'ensure-running', LiveService>({
  kind: 'ensure-running',
  async read(io, p) {
    if (!(await io.isRunning())) return { running: false, pendingRestart: [], unloaded: [] };
    const pending = await io.query<{ name: string }>('postgres', 'SELECT name FROM pg_settings WHERE pending_restart ORDER BY name');
    const files = await io.query<{ name: string; file: string; running: string; unit: string | null; vartype: string }>(
      'postgres',
      `SELECT f.name, f.setting AS file, s.setting AS running, s.unit, s.vartype
         FROM pg_file_settings f JOIN pg_settings s USING (name)
        WHERE f.applied AND NOT s.pending_restart AND f.name = ANY($1)`,
      [p.settings ?? []],
    );
    const unloaded = files.filter((r) => canonicalSetting(r.name, r.file, r) !== canonicalSetting(r.name, r.running, r)).map((r) => r.name);
    return { running: true, pendingRestart: pending.map((r) => r.name), unloaded };
  },
  diff(p, live): Change | null {
    if (!live.running) return { action: 'create', reason: 'the server is not running', commands: [{ type: 'shell', argv: p.service.start, asPostgres: p.service.asPostgres }], expected: 'running', actual: 'stopped' };
    if (live.pendingRestart.length > 0) {
      return { action: 'change', reason: `restart needed: ${live.pendingRestart.join(', ')} wait${live.pendingRestart.length === 1 ? 's' : ''} for a restart`, commands: [{ type: 'shell', argv: p.service.restart, asPostgres: p.service.asPostgres, stopsServer: true }], expected: 'running with its configured settings', actual: `pending restart: ${live.pendingRestart.join(', ')}` };
    }
    if (live.unloaded.length > 0) return { action: 'change', reason: `reload needed: ${live.unloaded.join(', ')} not loaded yet`, commands: [sqlCommand('postgres', 'SELECT pg_reload_conf()')], expected: 'configuration loaded', actual: `not loaded: ${live.unloaded.join(', ')}` };
    return null;
  },
});
