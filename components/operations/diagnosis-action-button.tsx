import { Button } from '@/components/ui/button';
import type { DiagnosisAction } from '@/lib/queries/types';
import { diagnosisActionHint, diagnosisActionLabel } from './diagnosis.utils';

/** The fix the panel can apply for a diagnosis: skip a transaction, disable or enable a subscription. */
export function DiagnosisActionButton({
  action,
  isRunning,
  isDisabled,
  onRun,
}: {
  action: DiagnosisAction;
  isRunning: boolean;
  isDisabled: boolean;
  onRun: (action: DiagnosisAction) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        size="sm"
        variant={action.kind === 'enable-subscription' ? 'primary' : 'danger'}
        data-testid="diagnosis-action"
        disabled={isDisabled}
        onClick={() => onRun(action)}
      >
        {isRunning ? 'Working…' : diagnosisActionLabel(action)}
      </Button>
      <span className="text-xs text-slate-600">{diagnosisActionHint(action)}</span>
    </div>
  );
}
