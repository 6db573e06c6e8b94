'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function handleCopy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard needs a secure context; the command stays selectable by hand.
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }

  return (
    <Button
      size="sm"
      variant="ghost"
      className="h-6 px-1.5 text-xs"
      aria-label={`${label}: ${text}`}
      onClick={() => void handleCopy()}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select it' : label}
    </Button>
  );
}
