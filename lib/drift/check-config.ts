import { renderSettingsFile } from '@/lib/postgres/settings';
import { HBA_BEGIN, HBA_END, renderHbaBlock, withHbaBlock } from '@/lib/postgres/pg-hba';
import type { StepOf } from '@/lib/plan/types';
import type { ReachableNode } from './live-state';
import { driftOf, type Drift } from './drift';
import { sameSetting, showSetting } from './setting-value';

/** The running value of each setting the plan sets, then the managed file itself (an edit not yet loaded). */
export function settingsDrift(step: StepOf<'set-settings'>, live: ReachableNode): Drift[] {
  const drift: Drift[] = [];
  for (const [name, value] of step.params.settings) {
    const setting = live.settings[name];
    if (!setting) {
      drift.push(driftOf(step, `${name} is not a setting this server knows`, value, 'unknown'));
    } else if (!sameSetting(name, value, setting)) {
      // ALTER SYSTEM wins over pgcascade's file: rewriting the file would not bring the value back.
      const why = setting.sourceFile?.endsWith('postgresql.auto.conf') ? ` (set by ALTER SYSTEM; ALTER SYSTEM RESET ${name} lets pgcascade's value apply)` : '';
      drift.push(driftOf(step, `${name} is ${showSetting(setting)}, should be ${value}${why}`, value, showSetting(setting)));
    } else if (setting.pendingRestart) {
      drift.push(driftOf(step, `${name} is ${value} now, but a configuration file sets another value that the next restart applies`, value, `${showSetting(setting)} (another value pending restart)`));
    }
  }
  const wanted = renderSettingsFile(step.params.settings);
  if (live.settingsFile === null) {
    drift.push(driftOf(step, `${step.params.path} is missing`, wanted, 'missing'));
  } else if (live.settingsFile !== wanted) {
    drift.push(driftOf(step, `${step.params.path} differs from what pgcascade writes`, wanted, live.settingsFile));
  }
  return drift;
}

const isRule = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

/** pg_hba.conf must start with pgcascade's block, exactly as the plan renders it (first match wins). */
export function hbaDrift(step: StepOf<'write-pg-hba'>, live: ReachableNode): Drift[] {
  const block = renderHbaBlock(step.params.rules);
  const file = live.hbaFile;
  if (file === null) return [driftOf(step, `${step.params.path} is missing`, block, 'missing')];
  if (withHbaBlock(file, block) === file) return [];
  const lines = file.split('\n');
  const begin = lines.indexOf(HBA_BEGIN);
  const end = lines.indexOf(HBA_END);
  if (begin < 0 || end < begin) return [driftOf(step, "pg_hba.conf has no pgcascade block: peers' access lines are missing", block, 'no pgcascade block')];
  const current = lines.slice(begin, end + 1).join('\n');
  if (current !== block) {
    const wantedRules = block.split('\n').filter(isRule);
    const liveRules = current.split('\n').filter(isRule);
    const missing = wantedRules.filter((r) => !liveRules.includes(r));
    const extra = liveRules.filter((r) => !wantedRules.includes(r));
    const detail = [missing.length > 0 ? `missing ${missing.join('; ')}` : '', extra.length > 0 ? `unexpected ${extra.join('; ')}` : ''].filter(Boolean).join(', ');
    return [driftOf(step, `pgcascade's block in pg_hba.conf differs${detail ? `: ${detail}` : ' (order or spacing)'}`, block, current)];
  }
  const above = lines.slice(0, begin).filter(isRule);
  if (above.length > 0) return [driftOf(step, `pg_hba.conf has lines above pgcascade's block, which match first: ${above.join('; ')}`, block, lines.slice(0, end + 1).join('\n'))];
  return [driftOf(step, "pg_hba.conf's layout around pgcascade's block differs (blank lines or final newline)", block, current)];
}
