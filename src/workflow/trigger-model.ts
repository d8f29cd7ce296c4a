/**
 * The `on:` map: GitHub's event and filter names in a fixed order, and the
 * checks on the triggers. The activity types of each event are those of
 * GitHub's workflow schema (`workflow-v1.0.json` in @actions/workflow-parser
 * 0.3.61, the `*-activity` definitions).
 */
import { cronProblem, cronTimingProblem } from './cron';
import { dispatchInputsProblems, dispatchInputsToModel } from './dispatch-inputs';
import { filterPatternProblem } from './filter-pattern';
import { CallOutputModel, workflowCallProblems, workflowCallToModel } from './workflow-call';
import { TriggerModel, TrustedTrigger, WorkflowModel } from './workflow-model';
import { WorkflowTriggers } from './workflow-triggers';
import { DOCS, seeDocs } from '../validation/docs-links';

/** camelCase filter names to GitHub's. */
const FILTER_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['types', 'types'],
  ['workflows', 'workflows'],
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

type EventKey = keyof WorkflowTriggers;

/** One event: GitHub's name, the filters it takes, and its activity types (undefined: any, checked by GitHub). */
interface EventRow {
  readonly event: string;
  readonly filters: readonly string[];
  readonly types?: readonly string[];
}

const PULL_REQUEST_TYPES = [
  'assigned', 'unassigned', 'labeled', 'unlabeled', 'opened', 'edited', 'closed', 'reopened', 'synchronize',
  'converted_to_draft', 'ready_for_review', 'locked', 'unlocked', 'review_requested', 'review_request_removed',
  'auto_merge_enabled', 'auto_merge_disabled', 'milestoned', 'demilestoned', 'enqueued', 'dequeued',
];
const CREATED_EDITED_DELETED = ['created', 'edited', 'deleted'];

/** Every event, in the order they are written. */
const EVENTS: { readonly [K in EventKey]-?: EventRow } = {
  push: { event: 'push', filters: ['branches', 'branchesIgnore', 'tags', 'tagsIgnore', 'paths', 'pathsIgnore'] },
  pullRequest: { event: 'pull_request', filters: ['types', 'branches', 'branchesIgnore', 'paths', 'pathsIgnore'], types: PULL_REQUEST_TYPES },
  mergeGroup: { event: 'merge_group', filters: ['types', 'branches'], types: ['checks_requested'] },
  workflowDispatch: { event: 'workflow_dispatch', filters: ['inputs'] },
  schedule: { event: 'schedule', filters: [] },
  workflowCall: { event: 'workflow_call', filters: [] },
  release: { event: 'release', filters: ['types'], types: ['published', 'unpublished', 'created', 'edited', 'deleted', 'prereleased', 'released'] },
  workflowRun: { event: 'workflow_run', filters: ['types', 'workflows', 'branches', 'branchesIgnore'], types: ['requested', 'completed', 'in_progress'] },
  repositoryDispatch: { event: 'repository_dispatch', filters: ['types'] },
  registryPackage: { event: 'registry_package', filters: ['types'], types: ['published', 'updated'] },
  checkRun: { event: 'check_run', filters: ['types'], types: ['completed', 'created', 'rerequested', 'requested_action'] },
  checkSuite: { event: 'check_suite', filters: ['types'], types: ['completed'] },
  issueComment: { event: 'issue_comment', filters: ['types'], types: CREATED_EDITED_DELETED },
  issues: {
    event: 'issues',
    filters: ['types'],
    types: ['opened', 'edited', 'deleted', 'transferred', 'pinned', 'unpinned', 'closed', 'reopened', 'assigned', 'unassigned', 'labeled', 'unlabeled',
      'locked', 'unlocked', 'milestoned', 'demilestoned', 'field_added', 'field_removed', 'typed', 'untyped'],
  },
  pullRequestReview: { event: 'pull_request_review', filters: ['types'], types: ['submitted', 'edited', 'dismissed'] },
  pullRequestReviewComment: { event: 'pull_request_review_comment', filters: ['types'], types: CREATED_EDITED_DELETED },
  label: { event: 'label', filters: ['types'], types: CREATED_EDITED_DELETED },
  milestone: { event: 'milestone', filters: ['types'], types: ['created', 'closed', 'opened', 'edited', 'deleted'] },
  discussion: {
    event: 'discussion',
    filters: ['types'],
    types: ['created', 'edited', 'deleted', 'transferred', 'pinned', 'unpinned', 'labeled', 'unlabeled', 'locked', 'unlocked', 'category_changed', 'answered', 'unanswered'],
  },
  discussionComment: { event: 'discussion_comment', filters: ['types'], types: CREATED_EDITED_DELETED },
  branchProtectionRule: { event: 'branch_protection_rule', filters: ['types'], types: CREATED_EDITED_DELETED },
  watch: { event: 'watch', filters: ['types'], types: ['started'] },
  create: { event: 'create', filters: [] },
  delete: { event: 'delete', filters: [] },
  deployment: { event: 'deployment', filters: [] },
  deploymentStatus: { event: 'deployment_status', filters: [] },
  fork: { event: 'fork', filters: [] },
  gollum: { event: 'gollum', filters: [] },
  pageBuild: { event: 'page_build', filters: [] },
  public: { event: 'public', filters: [] },
  status: { event: 'status', filters: [] },
};

const EVENT_KEYS = Object.keys(EVENTS) as EventKey[];

/** The keys of the events a workflow is triggered by (for checks that depend on them). */
export function triggeredEvents(triggers: WorkflowTriggers | undefined): string[] {
  if (triggers === null || typeof triggers !== 'object') {
    return [];
  }
  return EVENT_KEYS.filter((key) => triggers[key] !== undefined).map((key) => EVENTS[key].event);
}

/** The `on:` map, GitHub's event and filter names, fixed order; `callOutputs` are the `workflow_call` outputs. */
export function triggersToModel(triggers: WorkflowTriggers, callOutputs: { [name: string]: CallOutputModel } = {}): WorkflowModel['on'] {
  const on: WorkflowModel['on'] = {};
  for (const key of EVENT_KEYS) {
    const value = triggers[key];
    const { event } = EVENTS[key];
    if (value === undefined) {
      continue;
    }
    if (key === 'schedule') {
      on[event] = (value as { cron: string }[]).map((s) => ({ cron: s.cron }));
      continue;
    }
    if (key === 'workflowCall') {
      on[event] = workflowCallToModel(triggers.workflowCall!, callOutputs);
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
    const reason = (value as { trustedBecause?: string }).trustedBecause;
    on[event] = inputs !== undefined && Object.keys(inputs).length > 0 ? { ...filters, inputs: dispatchInputsToModel(inputs) }
      // GitHub's schema takes only null for an event without filters.
      : EVENTS[key].filters.length === 0 ? null
        : reason !== undefined ? new TrustedTrigger(filters, reason) : filters;
  }
  return on;
}

/** Problems with the triggers, each saying how to fix it. */
export function validateTriggers(triggers: WorkflowTriggers | undefined): string[] {
  if (triggers === undefined || triggers === null || typeof triggers !== 'object') {
    return ['triggers is missing; say when the workflow runs, for example { push: { branches: [\'main\'] }, pullRequest: {} }.'];
  }
  const problems: string[] = [];
  for (const key of Object.keys(triggers)) {
    if (key === 'pullRequestTarget') {
      problems.push('triggers.pullRequestTarget is not offered: pull_request_target runs with a write token and the repository\'s secrets on pull requests from forks, ' +
        'so building or testing the fork\'s code there hands both to its author. Use pullRequest (forks get a read-only token; see ForkPullRequests).');
    } else if (!(key in EVENTS)) {
      problems.push(`triggers.${key} is not an event; use one of ${EVENT_KEYS.join(', ')}.`);
    }
  }
  if (!EVENT_KEYS.some((key) => triggers[key] !== undefined)) {
    problems.push('triggers is empty; the workflow would never run. Add at least one event, for example push: { branches: [\'main\'] }.');
  }
  for (const key of EVENT_KEYS) {
    const value = triggers[key] as unknown;
    if (value === undefined || key === 'schedule') {
      continue;
    }
    if (key === 'workflowCall') {
      problems.push(...workflowCallProblems(value));
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`triggers.${key} is ${JSON.stringify(value)}; give an object of filters, or {} to run on every ${key} event.`);
      continue;
    }
    problems.push(...filterProblems(key, value as { [k: string]: unknown }));
  }
  if (triggers.workflowDispatch !== null && typeof triggers.workflowDispatch === 'object') {
    problems.push(...dispatchInputsProblems(triggers.workflowDispatch.inputs));
  }
  problems.push(...scheduleProblems(triggers.schedule));
  return problems;
}

function filterProblems(key: EventKey, filters: { [k: string]: unknown }): string[] {
  const problems: string[] = [];
  const row = EVENTS[key];
  for (const name of Object.keys(filters)) {
    if (!row.filters.includes(name) && !(name === 'trustedBecause' && (key === 'workflowRun' || key === 'issueComment'))) {
      problems.push(row.filters.length === 0
        ? `triggers.${key}.${name} is not a filter; the ${row.event} event takes none, so give {}.`
        : `triggers.${key}.${name} is not a filter of ${row.event}; use ${row.filters.join(', ')}.`);
    }
  }
  for (const [a, b] of EXCLUSIVE) {
    if (filters[a] !== undefined && filters[b] !== undefined) {
      problems.push(`triggers.${key} sets both ${a} and ${b}, which GitHub refuses; keep one (use "!pattern" inside ${a} to exclude).`);
    }
  }
  for (const [camel] of FILTER_KEYS) {
    const list = filters[camel];
    if (list === undefined || !row.filters.includes(camel)) {
      continue;
    }
    if (!Array.isArray(list) || list.length === 0 || list.some((p) => typeof p !== 'string' || p.trim() === '')) {
      problems.push(`triggers.${key}.${camel} must be a non-empty list of non-empty ${camel === 'types' ? 'activity types' : camel === 'workflows' ? 'workflow names' : 'patterns'}; leave it out to match everything.`);
    } else if (camel === 'types') {
      for (const type of list) {
        if (row.types !== undefined && !row.types.includes(type)) {
          problems.push(`triggers.${key}.types has unknown activity type ${JSON.stringify(type)}; use one of ${row.types.join(', ')}.`);
        }
      }
    } else if (camel !== 'workflows') {
      list.forEach((pattern: string, index: number) => {
        const problem = filterPatternProblem(pattern, !camel.startsWith('paths'));
        if (problem !== undefined) {
          problems.push(`triggers.${key}.${camel}[${index}] ${JSON.stringify(pattern)} ${problem}.${seeDocs(DOCS.filterPatterns)}`);
        }
      });
    }
  }
  if (key === 'workflowRun' || key === 'issueComment') {
    const reason = filters.trustedBecause;
    if (typeof reason !== 'string' || reason.trim() === '' || /[\r\n]/.test(reason)) {
      problems.push(`triggers.${key}.trustedBecause is ${JSON.stringify(reason) ?? String(reason)}; ${row.event} runs with the repository's token and secrets for activity anyone can cause, ` +
        'so say in one line why this workflow is safe on it (e.g. "reads the triggering run\'s status only"); it is written beside the event for zizmor\'s dangerous-triggers audit.');
    }
  }
  if (key === 'workflowRun' && filters.workflows === undefined) {
    problems.push('triggers.workflowRun needs workflows: the names of the workflows whose runs start this one, for example [\'CI\'].');
  }
  return problems;
}

function scheduleProblems(schedule: unknown): string[] {
  if (schedule === undefined) {
    return [];
  }
  if (!Array.isArray(schedule) || schedule.length === 0) {
    return ['triggers.schedule must list at least one { cron: \'...\' } entry.'];
  }
  const problems: string[] = [];
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
  return problems;
}
