import { cronProblem, cronTimingProblem } from './cron';
import { dispatchInputsProblems, dispatchInputsToModel } from './dispatch-inputs';
import { filterPatternProblem } from './filter-pattern';
import { TriggerModel, WorkflowModel } from './workflow-model';
import { WorkflowTriggers } from './workflow-triggers';
import { DOCS, seeDocs } from '../validation/docs-links';

/** camelCase filter names to GitHub's. */
const FILTER_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['types', 'types'],
  ['branches', 'branches'],
  ['branchesIgnore', 'branches-ignore'],
  ['tags', 'tags'],
  ['tagsIgnore', 'tags-ignore'],
  ['paths', 'paths'],
  ['pathsIgnore', 'paths-ignore'],
];

/** Filters GitHub refuses to combine for one event. */
const EXCLUSIVE: ReadonlyArray<readonly [string, string]> = [
  ['branches', 'branchesIgnore'],
  ['tags', 'tagsIgnore'],
  ['paths', 'pathsIgnore'],
];

/** camelCase event names to GitHub's, in the order they are written. */
const EVENTS: ReadonlyArray<readonly [keyof WorkflowTriggers, string]> = [
  ['push', 'push'],
  ['pullRequest', 'pull_request'],
  ['mergeGroup', 'merge_group'],
  ['workflowDispatch', 'workflow_dispatch'],
  ['schedule', 'schedule'],
];

const PULL_REQUEST_TYPES = [
  'assigned', 'unassigned', 'labeled', 'unlabeled', 'opened', 'edited', 'closed', 'reopened', 'synchronize',
  'converted_to_draft', 'ready_for_review', 'locked', 'unlocked', 'review_requested', 'review_request_removed',
  'auto_merge_enabled', 'auto_merge_disabled', 'milestoned', 'demilestoned', 'enqueued', 'dequeued',
];

/** The `on:` map, GitHub's event and filter names, fixed order. */
export function triggersToModel(triggers: WorkflowTriggers): WorkflowModel['on'] {
  const on: WorkflowModel['on'] = {};
  for (const [key, event] of EVENTS) {
    const value = triggers[key];
    if (value === undefined) {
      continue;
    }
    if (key === 'schedule') {
      on[event] = (value as { cron: string }[]).map((s) => ({ cron: s.cron }));
      continue;
    }
    const filters: TriggerModel = {};
    for (const [camel, github] of FILTER_KEYS) {
      const list = (value as { [k: string]: string[] | undefined })[camel];
      if (list !== undefined) {
        filters[github] = [...list];
      }
    }
    const inputs = key === 'workflowDispatch' ? triggers.workflowDispatch?.inputs : undefined;
    on[event] = inputs !== undefined && Object.keys(inputs).length > 0 ? { ...filters, inputs: dispatchInputsToModel(inputs) } : filters;
  }
  return on;
}

/** Problems with the triggers, each saying how to fix it. */
export function validateTriggers(triggers: WorkflowTriggers | undefined): string[] {
  if (triggers === undefined || triggers === null || typeof triggers !== 'object') {
    return ['triggers is missing; say when the workflow runs, for example { push: { branches: [\'main\'] }, pullRequest: {} }.'];
  }
  const problems: string[] = [];
  const known = new Set<string>(EVENTS.map(([key]) => key));
  for (const key of Object.keys(triggers)) {
    if (!known.has(key)) {
      problems.push(`triggers.${key} is not supported; use ${EVENTS.map(([k]) => k).join(', ')}.`);
    }
  }
  if (!EVENTS.some(([key]) => triggers[key] !== undefined)) {
    problems.push('triggers is empty; the workflow would never run. Add at least one event, for example push: { branches: [\'main\'] }.');
  }
  for (const [key] of EVENTS) {
    const value = triggers[key] as unknown;
    if (value === undefined || key === 'schedule') {
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`triggers.${key} is ${JSON.stringify(value)}; give an object of filters, or {} to run on every ${key} event.`);
      continue;
    }
    const filters = value as { [k: string]: unknown };
    for (const [a, b] of EXCLUSIVE) {
      if (filters[a] !== undefined && filters[b] !== undefined) {
        problems.push(`triggers.${key} sets both ${a} and ${b}, which GitHub refuses; keep one (use "!pattern" inside ${a} to exclude).`);
      }
    }
    for (const [camel] of FILTER_KEYS) {
      const list = filters[camel];
      if (list === undefined) {
        continue;
      }
      if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string' || p.trim() === '')) {
        problems.push(`triggers.${key}.${camel} must be a non-empty list of non-empty patterns; leave it out to match everything.`);
      } else if (camel !== 'types') {
        list.forEach((pattern: string, index: number) => {
          const problem = filterPatternProblem(pattern, !camel.startsWith('paths'));
          if (problem !== undefined) {
            problems.push(`triggers.${key}.${camel}[${index}] ${JSON.stringify(pattern)} ${problem}.${seeDocs(DOCS.filterPatterns)}`);
          }
        });
      }
    }
    const types = filters.types;
    if (key === 'pullRequest' && Array.isArray(types)) {
      for (const type of types) {
        if (!PULL_REQUEST_TYPES.includes(type)) {
          problems.push(`triggers.pullRequest.types has unknown activity type ${JSON.stringify(type)}; use one of ${PULL_REQUEST_TYPES.join(', ')}.`);
        }
      }
    }
  }
  if (triggers.workflowDispatch !== null && typeof triggers.workflowDispatch === 'object') {
    problems.push(...dispatchInputsProblems(triggers.workflowDispatch.inputs));
  }
  const schedule = triggers.schedule as unknown;
  if (schedule !== undefined) {
    if (!Array.isArray(schedule) || schedule.length === 0) {
      problems.push('triggers.schedule must list at least one { cron: \'...\' } entry.');
    } else {
      schedule.forEach((entry: { cron?: unknown }, i: number) => {
        const problem = cronProblem(entry?.cron);
        if (problem !== undefined) {
          problems.push(`triggers.schedule[${i}].cron is ${JSON.stringify(entry?.cron)}; write five cron fields in UTC, for example "0 4 * * 1".${problem === '' ? '' : ` ${problem}`}${seeDocs(DOCS.schedule)}`);
          return;
        }
        const timing = cronTimingProblem(entry.cron as string);
        if (timing !== undefined) {
          problems.push(`triggers.schedule[${i}].cron ${JSON.stringify(entry.cron)} ${timing}.${seeDocs(DOCS.schedule)}`);
        }
      });
    }
  }
  return problems;
}
