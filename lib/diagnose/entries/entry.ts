import type { DiagnoseHints, Diagnosis } from '../types';

/** One kind of problem: the messages that reveal it and how to explain and fix it. */
export interface Entry {
  id: string;
  /** Tried in order; the first that matches is handed to build. */
  patterns: RegExp[];
  /** SQLSTATEs that reveal it even when the message is worded otherwise (another lc_messages). */
  sqlstates?: string[];
  /** Shown only when no specific entry matched (generic wrappers such as `could not connect to the publisher`). */
  isFallback?: boolean;
  build(match: RegExpExecArray, text: string, hints: DiagnoseHints): Omit<Diagnosis, 'id'>;
}

/** `text` as inline code in a fix step. */
export const code = (text: string) => `\`${text}\``;
