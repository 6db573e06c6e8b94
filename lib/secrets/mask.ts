import { StringDecoder } from 'node:string_decoder';
import { MASK } from '@/lib/plan/secret-placeholders';

const PEM_ARMOR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/;

/** The strings to hide for one secret: the value, and each line of a multi-line value (a log shows one line). */
function partsOf(value: string): string[] {
  if (!value.includes('\n')) return [value];
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.trim())
    // A private key's armor lines are public; its short last lines would hide unrelated text.
    .filter((l) => l.length >= 8 && !PEM_ARMOR.test(l));
  return [value, value.trim(), ...lines];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function that hides every given secret value in a text, however short. One pass, longest first, so a
 * secret inside another is hidden whole and the mask itself is never masked again.
 */
export function masker(values: readonly string[]): (text: string) => string {
  const secrets = [...new Set(values.flatMap(partsOf).filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  const pattern = new RegExp(secrets.map(escape).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** Longest text held back while waiting for a newline; past it, only the last HOLD_BACK characters wait. */
const MAX_PENDING = 64 * 1024;
const HOLD_BACK = 4096;

export interface MaskedStream {
  /** A chunk of output as it came (bytes or text). */
  write(chunk: Buffer | string): void;
  /** The output ended: emit what is still held. */
  end(): void;
}

/**
 * Masks streamed output whose chunks may split a secret (or a UTF-8 character) in two: text is emitted up to
 * its last newline and the rest waits for the next chunk, so each secret is masked whole (up to 4 KiB long).
 */
export function maskedStream(mask: (text: string) => string, emit: (text: string) => void): MaskedStream {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const flush = (upTo: number) => {
    const out = pending.slice(0, upTo);
    pending = pending.slice(upTo);
    if (out !== '') emit(mask(out));
  };
  return {
    write(chunk) {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const newline = pending.lastIndexOf('\n');
      if (newline !== -1) flush(newline + 1);
      if (pending.length > MAX_PENDING) flush(pending.length - HOLD_BACK);
    },
    end() {
      pending += decoder.end();
      flush(pending.length);
    },
  };
}
