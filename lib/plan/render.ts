import type { Command, Plan } from './types';
import { fillPlaceholders, MASK } from './secret-placeholders';
import { quoteShell } from '@/lib/postgres/quote';

const mask = (text: string) => fillPlaceholders(text, () => MASK);

/** A command as the user reads it, secrets masked. */
export function renderCommand(cmd: Command): string {
  switch (cmd.type) {
    case 'sql':
      return `-- database ${cmd.database}\n${mask(cmd.sql)};`;
    case 'shell': {
      const env = Object.entries(cmd.env ?? {}).map(([k, v]) => `${k}=${mask(v)} `).join('');
      return `${cmd.asPostgres ? '[as postgres] ' : ''}${env}${cmd.argv.map((w) => quoteShell(mask(w))).join(' ')}`;
    }
    case 'file':
      return `write ${cmd.path} (mode ${cmd.mode.toString(8)}):\n${mask(cmd.content)}`;
    case 'managed-block':
      return `put this block at the top of ${cmd.path} (replacing an earlier pgcascade block):\n${mask(cmd.block)}`;
  }
}

/** The plan as shown to users and returned by the API: every command rendered with secrets masked. */
export function maskedPlan(plan: Plan) {
  return {
    steps: plan.steps.map(({ id, node, kind, summary, commands, needs, destructive, live }) => ({
      id,
      node,
      kind,
      summary,
      commands: commands.map(renderCommand),
      needs: needs ?? [],
      ...(destructive ? { destructive } : {}),
      ...(live ? { live } : {}),
    })),
  };
}
