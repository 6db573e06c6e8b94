import { quoteLiteral } from '@/lib/postgres/quote';
import { takeoverTargets, type SequenceRow } from '@/lib/postgres/sequences';
import type { Command, Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';

function sqlOf(step: Step, index: number): string {
  const command: Command | undefined = step.commands[index];
  if (command?.type !== 'sql') throw new Error(`step ${step.id} has no SQL command #${index + 1}`);
  return command.sql;
}

/**
 * Run the step's read on each publisher and on the node, then its setval per sequence that moves forward. A
 * publisher that does not answer (a failover) only loses its part of the base: the node's own maxima still count.
 */
export async function syncSequences(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'sync-sequences');
  const [read, setval] = [sqlOf(step, 0), sqlOf(step, 1)];
  const theirs: SequenceRow[] = [];
  const unreachable: string[] = [];
  for (const publisher of p.publishers) {
    try {
      theirs.push(...(await ctx.query<SequenceRow>(publisher.node, p.database, read, [publisher.tables])));
    } catch (err) {
      unreachable.push(publisher.node);
      ctx.log(
        'info',
        `${publisher.node} does not answer (${(err as Error).message}): the sequences of ${publisher.tables.join(', ')} are set from ${step.node}'s own max(column) + ${p.margin}; check them with GET /api/clusters/:id/sequences once ${publisher.node} is back`,
      );
    }
  }
  const mine = await ctx.query<SequenceRow>(step.node, p.database, read, [p.tables]);
  const targets = takeoverTargets(mine, theirs, p.margin);
  for (const target of targets) {
    ctx.throwIfCancelled();
    await ctx.query(step.node, p.database, setval, [target.schema, target.name, String(target.value)]);
    const base =
      target.publisherValue === null
        ? `max ${target.maxValue} on ${step.node} (no publisher value)`
        : `greatest(publisher ${target.publisherValue}, max ${target.maxValue} on ${step.node})`;
    ctx.log(
      'info',
      `SELECT setval(${quoteLiteral(`${target.schema}.${target.name}`)}, ${target.value}, true) -- was ${target.currentValue}; ${base} + ${p.margin}`,
    );
  }
  if (targets.length === 0) ctx.log('info', `${step.node}'s sequences are already at or past their data + ${p.margin}`);
  await ctx.report({ margin: p.margin, unreachable, sequences: targets });
  return targets.length > 0 ? 'changed' : 'unchanged';
}
