/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), as crontab(5) reads them: `*`,
 * numbers, ranges `a-b`, lists `a,b`, steps `*\/n` and `a-b/n`, month and day names (`jan`, `mon`), and 7 for
 * Sunday. Times are UTC. Pure: no clock is read here.
 */
export interface Cron {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  weekdays: ReadonlySet<number>;
  /** Day-of-month and day-of-week both restricted: a day matches when either does (crontab's rule). */
  eitherDay: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d{1,2}$/.test(text)) throw new CronError(`${spec.name}: ${JSON.stringify(text)} is not a number${spec.names ? ' or a name' : ''}`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw new CronError(`${spec.name}: ${n} is outside ${spec.min}–${spec.max}`);
  return n;
}

function parseField(text: string, spec: FieldSpec): { set: Set<number>; any: boolean } {
  const set = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`${spec.name}: ${JSON.stringify(part)} has more than one /`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (stepText !== undefined && (!/^\d{1,2}$/.test(stepText) || step < 1)) throw new CronError(`${spec.name}: step ${JSON.stringify(stepText)} must be a whole number of at least 1`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [from, to] = [value(a, spec), value(b, spec)];
      if (from > to) throw new CronError(`${spec.name}: range ${range} runs backwards`);
    } else {
      from = value(range, spec);
      to = stepText === undefined ? from : spec.max;
    }
    for (let n = from; n <= to; n += step) set.add(spec.name === 'day of week' && n === 7 ? 0 : n);
  }
  return { set, any: text === '*' };
}

/** Parse an expression, or throw a CronError saying which field is wrong. */
export function parseCron(expression: string): Cron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new CronError(`a cron expression has 5 fields (minute hour day month weekday), this one has ${expression.trim() === '' ? 0 : fields.length}`);
  const [minutes, hours, days, months, weekdays] = fields.map((f, i) => parseField(f, FIELDS[i] as FieldSpec)) as [ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>, ReturnType<typeof parseField>];
  return { minutes: minutes.set, hours: hours.set, days: days.set, months: months.set, weekdays: weekdays.set, eitherDay: !days.any && !weekdays.any };
}

/** The problem with an expression, or null when it parses. */
export function cronProblem(expression: string): string | null {
  try {
    parseCron(expression);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function dayMatches(cron: Cron, d: Date): boolean {
  const dom = cron.days.has(d.getUTCDate());
  const dow = cron.weekdays.has(d.getUTCDay());
  return cron.eitherDay ? dom || dow : dom && dow;
}

// Five years of days covers every satisfiable expression (29 February included); the rest never fire.
const MAX_DAYS = 366 * 5;

/** The first minute strictly after `after` that the expression fires at, or null when it never does (`0 0 31 2 *`). */
export function nextFire(cron: Cron | string, after: Date): Date | null {
  const c = typeof cron === 'string' ? parseCron(cron) : cron;
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  for (let days = 0; days <= MAX_DAYS; ) {
    if (!c.months.has(t.getUTCMonth() + 1) || !dayMatches(c, t)) {
      t.setUTCHours(0, 0, 0, 0);
      t.setUTCDate(t.getUTCDate() + 1);
      days += 1;
      continue;
    }
    if (!c.hours.has(t.getUTCHours())) {
      t.setUTCMinutes(0);
      t.setUTCHours(t.getUTCHours() + 1);
      if (t.getUTCHours() === 0) days += 1;
      continue;
    }
    if (!c.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      if (t.getUTCMinutes() === 0 && t.getUTCHours() === 0) days += 1;
      continue;
    }
    return t;
  }
  return null;
}
