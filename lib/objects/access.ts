import type { Topology } from '@/lib/topology/schema';
import { HBA_BEGIN, HBA_END, renderHbaBlock, withHbaBlock } from '@/lib/postgres/pg-hba';
import { nodeFiles, type Layout } from '@/lib/plan/layout';
import { deriveAccessRules } from '@/lib/plan/derive/access';
import type { Step } from '@/lib/plan/types';
import { objectModule, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'write-pg-hba'>;

const blockCommand = (p: Params) => ({ type: 'managed-block' as const, path: p.path, block: renderHbaBlock(p.rules), asPostgres: true });

/** pgcascade's block at the top of pg_hba.conf: exactly the peers that connect to `node` (none for a retired node). */
export function accessStep(t: Topology, layout: Layout, node: string, retired = false): Step {
  const path = nodeFiles(layout, node).hbaFile;
  const rules = retired ? [] : deriveAccessRules(t, node, layout.kind === 'debian');
  const peers = rules.length === 0 ? 'no peers' : rules.map((r) => `${r.user}@${r.database} from ${r.address}`).join(', ');
  const params: Params = { kind: 'write-pg-hba', path, rules };
  return { id: `${node}/write-pg-hba`, node, kind: 'write-pg-hba', summary: retired ? `Remove ${node}'s pgcascade access lines (it left the topology)` : `Allow ${node}'s peers in pg_hba.conf (${peers})`, commands: [blockCommand(params)], params };
}

const isRule = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

/** Why the file differs from the one with pgcascade's block at its top; null when it does not. */
function hbaDifference(file: string, block: string): string | null {
  if (withHbaBlock(file, block) === file) return null;
  const lines = file.split('\n');
  const begin = lines.indexOf(HBA_BEGIN);
  const end = lines.indexOf(HBA_END);
  if (begin < 0 || end < begin) return "pg_hba.conf has no pgcascade block: peers' access lines are missing";
  const current = lines.slice(begin, end + 1).join('\n');
  if (current !== block) {
    const wanted = block.split('\n').filter(isRule);
    const live = current.split('\n').filter(isRule);
    const missing = wanted.filter((r) => !live.includes(r));
    const extra = live.filter((r) => !wanted.includes(r));
    const detail = [missing.length > 0 ? `missing ${missing.join('; ')}` : '', extra.length > 0 ? `unexpected ${extra.join('; ')}` : ''].filter(Boolean).join(', ');
    return `pgcascade's block in pg_hba.conf differs${detail ? `: ${detail}` : ' (order or spacing)'}`;
  }
  const above = lines.slice(0, begin).filter(isRule);
  if (above.length > 0) return `pg_hba.conf has lines above pgcascade's block, which match first: ${above.join('; ')}`;
  return "pg_hba.conf's layout around pgcascade's block differs (blank lines or final newline)";
}

export const access = objectModule<'write-pg-hba', string | null>({
  kind: 'write-pg-hba',
  read: (io, p) => io.readFile(p.path),
  diff(p, file): Change | null {
    const block = renderHbaBlock(p.rules);
    if (file === null) return { action: 'change', reason: `${p.path} does not exist: the node's cluster is missing`, commands: [], expected: block, actual: 'missing' };
    const reason = hbaDifference(file, block);
    return reason ? { action: 'change', reason, commands: [blockCommand(p)], expected: block, actual: file } : null;
  },
});
