/**
 * Schedule cron lines: the syntax GitHub's parser accepts, and the timing
 * GitHub can honour (at most one run every 5 minutes, and at least one run).
 * A differential check holds the verdicts against the judge: every line
 * accepted here passes GitHub's parser and actionlint, and every
 * line they refuse is refused here.
 */
import { cronProblem, cronTimingProblem } from '../../src/workflow/cron';
import { judgeWorkflows } from '../support/judge';

const VALID = [
  '0 3 * * *', '*/15 * * * *', '*/5 * * * *', '0 0 1 JAN *', '0 0 * * MON-FRI', '0 0 * * mon', '0 0 1-31/2 * *',
  '59 23 31 12 6', '00 00 * * *', '0 0 * JAN-DEC *', '0 0 * * SUN-SAT', '1/5 * * * *', '0 0 1 1 0', '0 0 * */3 *',
  '0 */3 * * *', '000 * * * *', '0 0 * * */006', '0,5,10 * * * *', '0 0 29 2 *', '0 0 1,15 * 1', '0 0 * * 1/2', '58 23 * * *',
];

const SYNTAX: [string, string][] = [
  ['* * * *', ''],
  ['* * * * * *', ''],
  [' * * * * *', ''],
  ['*\t* * * *', ''],
  ['@daily', ''],
  ['60 * * * *', 'Its minute "60" must be *, 0-59, a range or a list, optionally with a /step.'],
  ['* 24 * * *', 'Its hour "24" must be *, 0-23, a range or a list, optionally with a /step.'],
  ['* * 0 * *', 'Its day of the month "0" must be *, 1-31, a range or a list, optionally with a /step.'],
  ['* * * 13 *', 'Its month "13" must be *, 1-12 or a name such as JAN, a range or a list, optionally with a /step.'],
  ['0 0 * * 7', 'Its day of the week "7" must be *, 0-6 or a name such as SUN, a range or a list, optionally with a /step.'],
  ['*/0 * * * *', 'Its minute "*/0" must be *, 0-59, a range or a list, optionally with a /step.'],
  ['5-1 * * * *', 'Its minute "5-1" must be *, 0-59, a range or a list, optionally with a /step.'],
  ['1,,2 * * * *', 'Its minute "1,,2" must be *, 0-59, a range or a list, optionally with a /step.'],
  ['0 0 ? * *', 'Its day of the month "?" must be *, 1-31, a range or a list, optionally with a /step.'],
  ['0 0 * * 5L', 'Its day of the week "5L" must be *, 0-6 or a name such as SUN, a range or a list, optionally with a /step.'],
  ['0 0 * DEC-JAN *', 'Its month "DEC-JAN" must be *, 1-12 or a name such as JAN, a range or a list, optionally with a /step.'],
  ['100 * * * *', 'Its minute "100" must be *, 0-59, a range or a list, optionally with a /step.'],
];

const EVERY_5 = 'but GitHub runs a scheduled workflow at most once every 5 minutes; space the runs at least 5 minutes apart, for example "*/5 * * * *"';
const TIMING: [string, string][] = [
  ['* * * * *', `runs at minutes 0 and 1 of the same hour, ${EVERY_5}`],
  ['*/4 * * * *', `runs at minutes 0 and 4 of the same hour, ${EVERY_5}`],
  ['1,2,3 * * * *', `runs at minutes 1 and 2 of the same hour, ${EVERY_5}`],
  ['* */3 * * *', `runs at minutes 0 and 1 of the same hour, ${EVERY_5}`],
  ['*/59 * * * *', `runs at 00:59 and again at 01:00 UTC, ${EVERY_5}`],
  ['0,58 * * * *', `runs at 00:58 and again at 01:00 UTC, ${EVERY_5}`],
  ['0,3 0 1 1 *', `runs at minutes 0 and 3 of the same hour, ${EVERY_5}`],
  ['0 0 30 2 *', 'never runs: no date has that day of the month in that month (or that day of the week); check the day and month fields'],
];
/** Refused here, accepted by actionlint: it only compares the first two runs after 1970-01-01 00:00 (00:03 on 1 January 1970, then 1 January 1971). */
const STRICTER = ['0,3 0 1 1 *'];

describe('syntax (what GitHub\'s parser accepts)', () => {
  test.each(VALID)('accepts %j', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
    expect(cronTimingProblem(cron)).toBeUndefined();
  });
  test.each(SYNTAX)('refuses %j', (cron, reason) => {
    expect(cronProblem(cron)).toBe(reason);
  });
  test('a value that is not a string is refused', () => {
    expect(cronProblem(5)).toBe('');
    expect(cronProblem(undefined)).toBe('');
  });
});

describe('timing (what GitHub can honour)', () => {
  test.each(TIMING)('refuses %j', (cron, reason) => {
    expect(cronProblem(cron)).toBeUndefined();
    expect(cronTimingProblem(cron)).toBe(reason);
  });
});

function workflowWith(cron: string): string {
  return `name: x\non:\n  schedule:\n    - cron: ${JSON.stringify(cron)}\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`;
}

describe('the same verdicts as GitHub\'s parser and actionlint', () => {
  test('every accepted line passes the judge', async () => {
    // One batch: one actionlint (and zizmor) process for every line.
    const results = await judgeWorkflows(VALID.map((cron) => ({ text: workflowWith(cron), fileName: 'workflow.yml' })));
    const failures = VALID.flatMap((cron, i) => results[i].length > 0 ? [`${cron}: ${results[i].map((f) => f.message).join('; ')}`] : []);
    expect(failures).toEqual([]);
  });

  test('every refused line is refused by the judge too, except the stricter ones', async () => {
    const refused = [...SYNTAX, ...TIMING].map(([cron]) => cron);
    const results = await judgeWorkflows(refused.map((cron) => ({ text: workflowWith(cron), fileName: 'workflow.yml' })));
    const accepted = refused.filter((_, i) => results[i].length === 0);
    expect(accepted).toEqual(STRICTER);
  });
});
