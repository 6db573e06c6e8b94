import type { ComponentProps } from 'react';
import { cn } from './cn';

const box =
  'block w-full min-w-0 rounded-md border bg-white px-2.5 text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 focus:outline-blue-600 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 aria-[invalid=true]:bg-red-50';
const control = `${box} h-9 text-sm`;

export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(control, 'border-slate-300', className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<'select'>) {
  return <select className={cn(control, 'border-slate-300 pr-7', className)} {...props} />;
}

export function Checkbox({ className, ...props }: Omit<ComponentProps<'input'>, 'type'>) {
  return (
    <input
      type="checkbox"
      className={cn('size-4 rounded border-slate-300 accent-blue-600', className)}
      {...props}
    />
  );
}

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return (
    <textarea className={cn(box, 'min-h-16 border-slate-300 py-2 font-mono text-xs', className)} {...props} />
  );
}
