import type { Topology } from '@/lib/topology/schema';
import { RESTART_SETTINGS, renderSettingsFile, type Settings } from '@/lib/postgres/settings';
import { quoteIdent } from '@/lib/postgres/quote';
import { nodeFiles, type Layout } from '@/lib/plan/layout';
import { deriveSettings } from '@/lib/plan/derive/settings';
import { makeDirCommand } from '@/lib/plan/steps/commands';
import type { Command, Step } from '@/lib/plan/types';
import { canonicalSetting } from './setting-value';
import { objectModule, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'set-settings'>;

function writeCommands(layout: Layout, p: Params): Command[] {
  const commands: Command[] = p.dirs.map((d) => makeDirCommand(layout, d));
  if (layout.kind === 'debian') commands.push(makeDirCommand(layout, p.path.replace(/\/[^/]+$/, ''), '0755'));
  commands.push(
    { type: 'file', path: p.path, content: renderSettingsFile(p.settings), mode: 0o644, asPostgres: true },
    { type: 'shell', argv: ['sh', '-c', `grep -qxF "${p.includeLine}" ${p.mainConf} || echo "${p.includeLine}" >> ${p.mainConf}`], asPostgres: true },
  );
  return commands;
}

export function settingsStep(t: Topology, layout: Layout, node: string): Step {
  const settings = deriveSettings(t, node, layout);
  const files = nodeFiles(layout, node);
  const includeLine = layout.kind === 'local' ? "include_if_exists = 'pgcascade.conf'" : "include_dir = 'conf.d'";
  const dirs = [files.socketDir, settings.some(([name]) => name === 'archive_command') ? files.archiveDir : null].filter((d): d is string => d !== null);
  const params: Params = { kind: 'set-settings', path: files.settingsFile, mainConf: files.mainConf, includeLine, settings, dirs };
  const summary = settings
    .filter(([name]) => ['listen_addresses', 'wal_level', 'archive_mode', 'restore_command', 'wal_keep_size'].includes(name))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return { id: `${node}/set-settings`, node, kind: 'set-settings', summary: `Write ${node}'s settings (${summary})`, commands: writeCommands(layout, params), params };
}

/** The restart-only settings set, changed or unset (back to the default) between two derivations: they restart the node. */
export function restartingSettings(before: Settings, after: Settings): string[] {
  const old = new Map(before);
  const next = new Map(after);
  const names = [...new Set([...old.keys(), ...next.keys()])].filter((n) => RESTART_SETTINGS.has(n));
  return names.filter((n) => old.get(n) !== next.get(n));
}

/** A managed setting that another file sets, after pgcascade's, so that its value wins (at once or at the next restart). */
interface Override {
  name: string;
  value: string;
  sourceFile: string;
  line: number;
}

interface LiveSettings {
  file: string | null;
  mainConf: string | null;
  missingDirs: string[];
  /** Null when the server does not run: only the files can be compared. */
  overrides: Override[] | null;
}

/**
 * The entry that wins for each managed setting: the last one PostgreSQL reads (highest seqno), applied now or
 * waiting for a restart (`applied` is false then), when it is not pgcascade's own file.
 */
const OVERRIDES_SQL = `
SELECT DISTINCT ON (f.name) f.name, f.setting, f.sourcefile, f.sourceline, s.unit, s.vartype
  FROM pg_file_settings f JOIN pg_settings s USING (name)
 WHERE f.name = ANY($1)
 ORDER BY f.name, f.seqno DESC`;

export const settings = objectModule<'set-settings', LiveSettings>({
  kind: 'set-settings',
  async read(io, p) {
    const [file, mainConf, dirs, running] = await Promise.all([io.readFile(p.path), io.readFile(p.mainConf), Promise.all(p.dirs.map((d) => io.exists(d))), io.isRunning()]);
    let overrides: Override[] | null = null;
    if (running) {
      const names = p.settings.map(([name]) => name);
      const rows = await io.query<{ name: string; setting: string; sourcefile: string; sourceline: number; unit: string | null; vartype: string }>('postgres', OVERRIDES_SQL, [names]);
      const wanted = new Map(p.settings);
      overrides = rows
        .filter((r) => r.sourcefile !== p.path)
        .filter((r) => canonicalSetting(r.name, r.setting, r) !== canonicalSetting(r.name, wanted.get(r.name) ?? '', r))
        .map((r) => ({ name: r.name, value: r.setting, sourceFile: r.sourcefile, line: Number(r.sourceline) }));
    }
    return { file, mainConf, missingDirs: p.dirs.filter((_, i) => !dirs[i]), overrides };
  },
  diff(p, live): Change | null {
    if (live.mainConf === null) return { action: 'change', reason: `${p.mainConf} does not exist: the node's cluster is missing`, commands: [] };
    const reasons: string[] = [];
    const wanted = renderSettingsFile(p.settings);
    if (live.file === null) reasons.push(`${p.path} is missing`);
    else if (live.file !== wanted) reasons.push(`${p.path} differs from what pgcascade writes`);
    if (!live.mainConf.split('\n').includes(p.includeLine)) reasons.push(`${p.mainConf} does not include pgcascade's settings`);
    if (live.missingDirs.length > 0) reasons.push(`${live.missingDirs.join(', ')} missing`);
    const rewrite = reasons.length > 0;
    const commands: Command[] = [];
    const overrides = live.overrides ?? [];
    const altered = overrides.filter((o) => o.sourceFile.endsWith('postgresql.auto.conf'));
    const elsewhere = overrides.filter((o) => !o.sourceFile.endsWith('postgresql.auto.conf'));
    for (const o of altered) {
      const when = RESTART_SETTINGS.has(o.name) ? 'the next restart applies it' : 'it applies now';
      reasons.push(`${o.name} = ${o.value} is set by ALTER SYSTEM (postgresql.auto.conf) and wins over pgcascade's value; ${when}`);
      commands.push(sqlCommand('postgres', `ALTER SYSTEM RESET ${quoteIdent(o.name)}`));
    }
    for (const o of elsewhere) reasons.push(`${o.name} = ${o.value} is set in ${o.sourceFile} line ${o.line}, which wins over pgcascade's file: remove that line`);
    if (reasons.length === 0) return null;
    const reason = `settings: ${reasons.join('; ')}`;
    if (elsewhere.length > 0) return { action: 'change', reason, commands: [], expected: wanted, actual: live.file ?? 'missing' };
    return { action: 'change', reason, commands, ...(rewrite ? { planned: true as const } : {}), expected: wanted, actual: live.file ?? 'missing' };
  },
});
