import type { ComponentProps } from 'react';
import { Field } from './field';
import { Input } from './input';

/** A labelled password input for a secret the panel never shows back: no browser autofill. */
export function SecretField({
  value,
  onChange,
  ...field
}: Omit<ComponentProps<typeof Field>, 'children'> & { value: string; onChange: (value: string) => void }) {
  return (
    <Field {...field}>
      {(p) => (
        <Input
          {...p}
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
