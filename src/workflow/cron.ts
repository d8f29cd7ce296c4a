/**
 * Checks a `schedule` cron line the way GitHub's workflow parser reads it:
 * five fields separated by spaces (no leading or trailing space, no tabs),
 * each `*`, a value, a range `a-b` or a list of them, optionally stepped
 * (`*\/15`, `1-30/5`), within the field's range; months and weekdays may be
 * written as names (JAN, MON).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of the month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of the week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** The number of a value (digits or a name), or undefined when it is not one of the field's. */
function valueOf(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named !== -1) {
    return named + field.min;
  }
  if (!/^[0-9]{1,9}$/.test(text)) {
    return undefined;
  }
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

function isValidItem(item: string, field: CronField): boolean {
  const [base, step, ...extra] = item.split('/');
  if (extra.length > 0 || base === '') {
    return false;
  }
  if (step !== undefined) {
    const n = /^[0-9]{1,9}$/.test(step) ? Number(step) : NaN;
    if (!(n >= Math.max(1, field.min) && n <= field.max)) {
      return false;
    }
  }
  if (base === '*') {
    return true;
  }
  const [from, to, ...more] = base.split('-');
  if (more.length > 0) {
    return false;
  }
  const start = valueOf(from, field);
  const end = to === undefined ? start : valueOf(to, field);
  return start !== undefined && end !== undefined && end >= start;
}

/**
 * Undefined when GitHub accepts `cron`. Otherwise '' when it is not five
 * space-separated fields at all, or a sentence naming the field that is out
 * of range.
 */
export function cronProblem(cron: unknown): string | undefined {
  if (typeof cron !== 'string' || cron !== cron.trim() || /[^ -~]/.test(cron)) {
    return '';
  }
  const parts = cron.split(/ +/);
  if (parts.length !== 5) {
    return '';
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const field = FIELDS[i];
    if (!parts[i].split(',').every((item) => isValidItem(item, field))) {
      return `Its ${field.name} ${JSON.stringify(parts[i])} must be *, ${field.min}-${field.max}${field.names ? ` or a name such as ${field.names[0].toUpperCase()}` : ''}, a range or a list, optionally with a /step.`;
    }
  }
  return undefined;
}

/** The values one field of a valid cron line allows, and whether it counts as `*` for the day rule. */
interface ExpandedField {
  readonly values: ReadonlySet<number>;
  /** `*` (or `*` with a step of 1): the day-of-month/day-of-week rule treats it as unrestricted. */
  readonly star: boolean;
}

/** Expands one field of a line that {@link cronProblem} accepted. */
function expand(text: string, field: CronField): ExpandedField {
  const values = new Set<number>();
  let star = false;
  for (const item of text.split(',')) {
    const [base, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let start: number;
    let end: number;
    if (base === '*') {
      [start, end] = [field.min, field.max];
      star ||= step === 1;
    } else {
      const [from, to] = base.split('-');
      start = valueOf(from, field)!;
      // `5/15` means 5-59/15, as in robfig/cron (what actionlint uses) and GitHub's parser.
      end = to !== undefined ? valueOf(to, field)! : stepText !== undefined ? field.max : start;
    }
    for (let v = start; v <= end; v += step) {
      values.add(v);
    }
  }
  return { values, star };
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The first `count` times the schedule fires strictly after `from` (UTC),
 * day by day: a day matches by month and by day of month and/or day of week
 * (both must match when either is `*`, otherwise either may).
 */
function firings(fields: readonly ExpandedField[], from: number, count: number): number[] {
  const [minutes, hours, doms, months, dows] = fields;
  const sortedMinutes = [...minutes.values].sort((a, b) => a - b);
  const sortedHours = [...hours.values].sort((a, b) => a - b);
  const out: number[] = [];
  // Four years and a day cover every day a valid line can name (29 February included).
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day <= from + 1462 * DAY_MS && out.length < count; day += DAY_MS) {
    const date = new Date(day);
    const dom = doms.values.has(date.getUTCDate());
    const dow = dows.values.has(date.getUTCDay());
    const dayMatches = doms.star || dows.star ? dom && dow : dom || dow;
    if (!months.values.has(date.getUTCMonth() + 1) || !dayMatches) {
      continue;
    }
    for (const hour of sortedHours) {
      for (const minute of sortedMinutes) {
        const at = day + (hour * 60 + minute) * MINUTE_MS;
        if (at > from && out.length < count) {
          out.push(at);
        }
      }
    }
  }
  return out;
}

function hhmm(at: number): string {
  return new Date(at).toISOString().slice(11, 16);
}

/**
 * Undefined when a line that {@link cronProblem} accepted runs, at most once
 * every 5 minutes (the most often GitHub runs a scheduled workflow).
 * Otherwise the rest of a sentence that starts with the line: it never runs
 * (no day matches, such as 30 February), or it names two runs less than
 * 5 minutes apart: two values of the minute field (they fire together in
 * every hour that runs), or the first two runs after 1970-01-01 00:00 UTC,
 * which is how actionlint checks it.
 */
export function cronTimingProblem(cron: string): string | undefined {
  const fields = cron.split(/ +/).map((text, i) => expand(text, FIELDS[i]));
  const [first, second] = firings(fields, 0, 2);
  if (first === undefined) {
    return 'never runs: no date has that day of the month in that month (or that day of the week); check the day and month fields';
  }
  const tooOften = 'but GitHub runs a scheduled workflow at most once every 5 minutes; space the runs at least 5 minutes apart, for example "*/5 * * * *"';
  const minutes = [...fields[0].values].sort((a, b) => a - b);
  for (let i = 1; i < minutes.length; i++) {
    if (minutes[i] - minutes[i - 1] < 5) {
      return `runs at minutes ${minutes[i - 1]} and ${minutes[i]} of the same hour, ${tooOften}`;
    }
  }
  if (second !== undefined && second - first < 5 * MINUTE_MS) {
    return `runs at ${hhmm(first)} and again at ${hhmm(second)} UTC, ${tooOften}`;
  }
  return undefined;
}
