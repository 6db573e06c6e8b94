import { MASK } from '@/lib/plan/secret-placeholders';

/** A function that hides every given secret value in a text. */
export function masker(values: string[]): (text: string) => string {
  const secrets = values.filter((v) => v.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((acc, s) => acc.split(s).join(MASK), text);
}
