import { Badge, type Tone } from './badge';

const TONES: Record<string, Tone> = {
  new: 'neutral',
  queued: 'neutral',
  pending: 'neutral',
  applying: 'blue',
  running: 'blue',
  destroying: 'amber',
  ready: 'green',
  succeeded: 'green',
  changed: 'green',
  unchanged: 'neutral',
  skipped: 'neutral',
  failed: 'red',
  delivered: 'green',
  sending: 'blue',
  cancelled: 'amber',
};

/** A cluster, job or step status as a coloured pill; `running`-like states pulse. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const isBusy = status === 'running' || status === 'applying' || status === 'destroying';
  return (
    <Badge tone={TONES[status] ?? 'neutral'} className={className}>
      {isBusy && <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />}
      {status}
    </Badge>
  );
}
