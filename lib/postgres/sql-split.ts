/**
 * A small lexer for the SQL a user submits as a schema change: splits it into statements at top-level `;` and
 * reads each into tokens, knowing PostgreSQL's quoting ('…', E'…', "…", $tag$…$tag$) and comments (--, nested
 * /* *\/). It is not a parser: lib/postgres/ddl.ts recognises the few statement shapes pgcascade runs.
 */

export interface Token {
  kind: 'word' | 'ident' | 'string' | 'number' | 'punct';
  /** A word in lower case; a quoted identifier as written inside its quotes; a punctuation character. */
  value: string;
  /** Offsets of the token in the statement's text. */
  start: number;
  end: number;
}

export interface Statement {
  /** The statement as written, without its `;` and surrounding space. */
  text: string;
  tokens: Token[];
}

export class SqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Where the quoted text that starts at `i` ends (the index after its closing quote). */
function endOfQuoted(sql: string, i: number, quote: string, backslashes: boolean): number {
  for (let j = i + 1; j < sql.length; j += 1) {
    const c = sql[j];
    if (backslashes && c === '\\') j += 1;
    else if (c === quote) {
      if (sql[j + 1] === quote) j += 1;
      else return j + 1;
    }
  }
  throw new SqlSyntaxError(`unterminated ${quote === '"' ? 'quoted identifier' : 'string'} starting at character ${i + 1}`);
}

function endOfBlockComment(sql: string, i: number): number {
  let depth = 0;
  for (let j = i; j < sql.length - 1; j += 1) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth += 1;
      j += 1;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth -= 1;
      j += 1;
      if (depth === 0) return j + 1;
    }
  }
  throw new SqlSyntaxError(`unterminated /* comment starting at character ${i + 1}`);
}

/** Every token of the text, with offsets; `;` is a punct token. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = endOfBlockComment(sql, i);
    } else if (c === "'") {
      const end = endOfQuoted(sql, i, "'", false);
      tokens.push({ kind: 'string', value: sql.slice(i + 1, end - 1).replace(/''/g, "'"), start: i, end });
      i = end;
    } else if ((c === 'E' || c === 'e') && sql[i + 1] === "'") {
      const end = endOfQuoted(sql, i + 1, "'", true);
      tokens.push({ kind: 'string', value: sql.slice(i + 2, end - 1), start: i, end });
      i = end;
    } else if (c === '"') {
      const end = endOfQuoted(sql, i, '"', false);
      const value = sql.slice(i + 1, end - 1).replace(/""/g, '"');
      if (value === '') throw new SqlSyntaxError(`empty quoted identifier at character ${i + 1}`);
      tokens.push({ kind: 'ident', value, start: i, end });
      i = end;
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(sql.slice(i, i + 65))) {
      const tag = (/^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 65)) as RegExpExecArray)[0];
      const close = sql.indexOf(tag, i + tag.length);
      if (close < 0) throw new SqlSyntaxError(`unterminated ${tag}-quoted string starting at character ${i + 1}`);
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, close), start: i, end: close + tag.length });
      i = close + tag.length;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j] as string)) j += 1;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j] as string)) j += 1;
      tokens.push({ kind: 'number', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}

/** The statements of a script, split at top-level `;` (empty ones left out). Throws SqlSyntaxError on unclosed quotes or parentheses. */
export function splitStatements(sql: string): Statement[] {
  const tokens = tokenize(sql);
  const out: Statement[] = [];
  let from = 0;
  let depth = 0;
  const close = (to: number) => {
    const part = tokens.slice(from, to);
    if (part.length > 0) {
      const start = (part[0] as Token).start;
      const text = sql.slice(start, (part[part.length - 1] as Token).end);
      out.push({ text, tokens: part.map((t) => ({ ...t, start: t.start - start, end: t.end - start })) });
    }
    if (depth !== 0) throw new SqlSyntaxError(`unbalanced parentheses in statement ${out.length}: ${out[out.length - 1]?.text.slice(0, 80) ?? ''}`);
    from = to + 1;
  };
  tokens.forEach((t, i) => {
    if (t.kind !== 'punct') return;
    if (t.value === '(') depth += 1;
    else if (t.value === ')') {
      depth -= 1;
      if (depth < 0) throw new SqlSyntaxError(`a ) without its ( at character ${t.start + 1}`);
    } else if (t.value === ';' && depth === 0) close(i);
  });
  close(tokens.length);
  return out;
}
