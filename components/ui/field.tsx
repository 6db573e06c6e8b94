import type { ReactNode } from 'react';
import { cn } from './cn';

/** What a form control needs to be tied to its label and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export function fieldIds(id: string) {
  return { error: `${id}-error`, hint: `${id}-hint` };
}

/**
 * A label, a control and (when there is one) the server's message for this field right under it.
 * `srLabel` is read before the visible label so repeated rows get unique names ("Node 3 port").
 */
export function Field({
  id,
  label,
  srPrefix,
  errors,
  hint,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  srPrefix?: string;
  errors?: string[];
  hint?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const ids = fieldIds(id);
  const hasError = Boolean(errors?.length);
  const describedBy =
    [hasError ? ids.error : '', hint ? ids.hint : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('min-w-0', className)}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {srPrefix && <span className="sr-only">{srPrefix} </span>}
        {label}
      </label>
      {children({ id, 'aria-invalid': hasError ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p id={ids.hint} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {hasError && <FieldError id={ids.error} messages={errors ?? []} />}
    </div>
  );
}

export function FieldError({ id, messages }: { id?: string; messages: string[] }) {
  return (
    <p id={id} className="mt-1 text-xs font-medium text-red-700">
      {messages.join('; ')}
    </p>
  );
}
