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
  if (!/^[0-9]{1,2}$/.test(text)) {
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
    const n = /^[0-9]{1,2}$/.test(step) ? Number(step) : NaN;
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
