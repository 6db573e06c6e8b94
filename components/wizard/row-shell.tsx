import type { ReactNode } from 'react';
import { FieldError } from '@/components/ui/field';
import { Button } from '@/components/ui/button';
import { fieldIds } from '@/components/ui/field';

/** One editable entry of a list (a node, a publication…): its number, its fields, a remove button and row-level errors. */
export function RowShell({
  label,
  index,
  errorId,
  errors,
  onRemove,
  children,
}: {
  label: string;
  index: number;
  errorId: string;
  errors?: string[];
  onRemove?: () => void;
  children: ReactNode;
}) {
  return (
    <li
      aria-label={`${label} ${index + 1}`}
      className="rounded-md border border-slate-200 bg-white p-3 aria-[invalid=true]:border-red-300"
    >
      <div className="flex items-start gap-3">
        <span
          aria-hidden
          className="mt-6 grid size-6 shrink-0 place-items-center rounded-full bg-slate-100 text-xs font-semibold text-slate-600"
        >
          {index + 1}
        </span>
        <div className="min-w-0 flex-1">{children}</div>
        {onRemove && (
          <Button
            variant="ghost"
            size="sm"
            className="mt-5 text-slate-500 hover:text-red-700"
            onClick={onRemove}
            aria-label={`Remove ${label.toLowerCase()} ${index + 1}`}
          >
            <span aria-hidden>✕</span>
          </Button>
        )}
      </div>
      {errors && errors.length > 0 && (
        <div className="pl-9">
          <FieldError id={fieldIds(errorId).error} messages={errors} />
        </div>
      )}
    </li>
  );
}
