import { CopyButton } from './copy-button';
import { isCopyWorthy, splitFixText } from './fix-text.utils';

/** Prose with its `commands` in monospace, each command with a copy button. */
export function FixText({ text }: { text: string }) {
  return (
    <>
      {splitFixText(text).map((part, i) =>
        part.isCode ? (
          <span key={i} className="inline-flex max-w-full items-center gap-0.5 align-baseline">
            <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs break-all text-slate-900">
              {part.text}
            </code>
            {isCopyWorthy(part.text) && <CopyButton text={part.text} />}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
