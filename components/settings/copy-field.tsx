'use client';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/** A read-only value with a Copy button; falls back to selecting it when the clipboard is not available. */
export function CopyField({ value, label }: { value: string; label: string }) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  async function handleCopy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      ref.current?.select();
      setCopied('no');
    }
  }

  return (
    <div>
      <div className="flex gap-2">
        <Input
          ref={ref}
          readOnly
          aria-label={label}
          value={value}
          spellCheck={false}
          className="font-mono text-xs"
          onFocus={(e) => e.target.select()}
        />
        <Button variant="primary" onClick={() => void handleCopy()}>
          Copy
        </Button>
      </div>
      <p role="status" className="mt-1 min-h-4 text-xs">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'no' && 'The browser refused the clipboard: the token is selected, copy it with Ctrl+C.'}
      </p>
    </div>
  );
}
