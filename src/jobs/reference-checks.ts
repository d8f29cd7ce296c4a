/**
 * What a job's expressions read, checked on its rendered model: which
 * contexts each key may read (GitHub's workflow schema), and that every
 * `needs.<job>`, `steps.<id>`, `matrix.<key>` and `inputs.<name>` names
 * something that exists. GitHub reads property names ignoring case, and so
 * do these checks. The jobs a job reads (`needs.<id>.`) are also what its
 * `needs:` is inferred from.
 *
 * The allowed contexts per key are those of `workflow-v1.0.json` in
 * `@actions/workflow-parser` 0.3.61 (each key's own list joined with those of
 * the keys around it, as the parser reads them), e.g. `container` and
 * `services`: github, inputs, vars, needs, strategy, matrix (no `env`: the
 * job's env does not exist yet when the runner pulls the images).
 */
import { matrixReferenceProblems } from './matrix';
import { contextPathsIn, ContextPath } from '../expressions/context-references';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { JobModel, StepModel } from '../workflow/workflow-model';

const BASE = ['github', 'inputs', 'vars'];
const JOB = [...BASE, 'needs', 'strategy', 'matrix'];
const STEP = [...JOB, 'secrets', 'steps', 'job', 'runner', 'env'];

/** The contexts each key of a job may read. */
const ALLOWED = {
  'name': JOB,
  'if': [...BASE, 'needs'],
  'runs-on': JOB,
  'environment': JOB,
  'environment.url': [...JOB, 'steps', 'job', 'runner', 'env'],
  'concurrency': JOB,
  'strategy': [...BASE, 'needs'],
  'outputs': STEP,
  'env': [...JOB, 'secrets'],
  'defaults': [...JOB, 'env'],
  'timeout-minutes': JOB,
  'continue-on-error': JOB,
  'container': JOB,
  'credentials': [...JOB, 'secrets', 'env'],
  'services': JOB,
  'with': JOB,
  'secrets': [...JOB, 'secrets'],
  'step.if': STEP.filter((c) => c !== 'secrets'),
  'step': STEP,
} as const;

/** One string of a job, where it is, and what it may read. */
export interface LocatedText {
  readonly where: string;
  readonly text: string;
  readonly allowed: readonly string[];
  /** A condition GitHub reads as one expression even without `${{ }}`. */
  readonly bare?: boolean;
}

/** Every string of a job model that GitHub evaluates, with its place and allowed contexts. */
export function locatedTexts(job: JobModel): LocatedText[] {
  const out: LocatedText[] = [];
  const add = (where: string, value: unknown, allowed: readonly string[], bare = false) => {
    if (typeof value === 'string') {
      out.push({ where, text: value, allowed, bare });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => add(`${where}[${i}]`, v, allowed, bare));
    } else if (value !== null && typeof value === 'object') {
      Object.entries(value).forEach(([k, v]) => add(`${where}.${k}`, v, allowed, bare));
    }
  };
  add('name', job.name, ALLOWED.name);
  add('runs-on', job.runsOn, ALLOWED['runs-on']);
  add('runs-on.group', job.runnerGroup, ALLOWED['runs-on']);
  add('environment.name', job.environment?.name, ALLOWED.environment);
  add('environment.url', job.environment?.url, ALLOWED['environment.url']);
  add('concurrency.group', job.concurrency?.group, ALLOWED.concurrency);
  add('concurrency.cancel-in-progress', job.concurrency?.cancelInProgress, ALLOWED.concurrency);
  add('strategy.matrix', job.strategy?.matrix, ALLOWED.strategy);
  add('outputs', job.outputs, ALLOWED.outputs);
  add('env', job.env, ALLOWED.env);
  add('defaults.run', job.defaults?.run, ALLOWED.defaults);
  add('continue-on-error', job.continueOnError, ALLOWED['continue-on-error']);
  if (job.container !== undefined) {
    const { credentials, ...rest } = job.container;
    add('container', rest, ALLOWED.container);
    add('container.credentials', credentials, ALLOWED.credentials);
  }
  for (const [name, service] of Object.entries(job.services ?? {})) {
    const { credentials, ...rest } = service;
    add(`services.${name}`, rest, ALLOWED.services);
    add(`services.${name}.credentials`, credentials, ALLOWED.credentials);
  }
  // After the images: a job's guard reads them again, and a problem is best told where the image is.
  add('if', job.if, ALLOWED.if, true);
  add('with', job.with, ALLOWED.with);
  add('secrets', job.secrets === 'inherit' ? undefined : job.secrets, ALLOWED.secrets);
  job.steps.forEach((step, i) => {
    // Numbered as written in the file (1-based, the checkout included), as the run's log shows them.
    const at = `step ${i + 1}${step.name !== undefined ? ` ("${step.name}")` : ''}`;
    add(`${at} if`, step.if, ALLOWED['step.if'], true);
    for (const key of ['name', 'run', 'workingDirectory', 'continueOnError', 'timeoutMinutes'] as const) {
      add(`${at} ${key}`, step[key], ALLOWED.step);
    }
    add(`${at} env`, step.env, ALLOWED.step);
    add(`${at} with`, step.with, ALLOWED.step);
  });
  return out;
}

/** What the checks need to know about the workflow around a job. */
export interface ReferenceScope {
  /** The inputs `inputs.<name>` may read (dispatch and call inputs). */
  readonly inputs: readonly string[];
  /** The inputs of `github.event.inputs` (workflow_dispatch). */
  readonly dispatchInputs: readonly string[];
  /** The outputs a job of this workflow declares, by id (any case); undefined: no such job; null: not known (may be any). */
  outputsOf(jobId: string): string[] | null | undefined;
  /** The id as declared of a job of this workflow (any case), if any. */
  jobIdOf(jobId: string): string | undefined;
  /** The workflow of another workflow's job with this id, to name it in the message. */
  otherWorkflowOf(jobId: string): string | undefined;
}

/** Each context path a job reads, with where it is read. */
export function jobReads(job: JobModel): { where: string; path: ContextPath; allowed: readonly string[] }[] {
  return locatedTexts(job).flatMap((t) => contextPathsIn(t.text, t.bare).map((path) => ({ where: t.where, path, allowed: t.allowed })));
}

/** The ids of the jobs `job` reads through `needs.<id>`, as written, each once. */
export function neededIds(job: JobModel): string[] {
  const ids: string[] = [];
  for (const { path } of jobReads(job)) {
    if (path[0].toLowerCase() === 'needs' && path.length > 1 && path[1] !== '*' && !ids.some((id) => id.toLowerCase() === path[1].toLowerCase())) {
      ids.push(path[1]);
    }
  }
  return ids;
}

/** Problems with what `job` (id `jobId`) reads. */
export function referenceProblems(jobId: string, job: JobModel, scope: ReferenceScope): string[] {
  const problems = new Set<string>();
  const stepIds = job.steps.map((s: StepModel) => s.id?.toLowerCase()).filter((id): id is string => id !== undefined);
  const matrixKeysRead: string[] = [];
  const reportedNeeds = new Set<string>();
  const lower = (list: readonly string[]) => list.map((x) => x.toLowerCase());
  for (const { where, path, allowed } of jobReads(job)) {
    // GitHub reads context and property names ignoring case (`GitHub.Event`, `matrix.Java`).
    const context = path[0].toLowerCase();
    const dotted = path.join('.');
    if (!allowed.includes(context)) {
      problems.add(`${where} reads ${dotted}, but GitHub does not allow the ${context} context there (it allows ${allowed.join(', ')}); ${contextAdvice(context)}${seeDocs(DOCS.contexts)}`);
      continue;
    }
    const name = path[1];
    if (name === undefined || name === '*') {
      continue;
    }
    if (context === 'needs') {
      // The first place a job is read says it; the same job read again (its guard in `if`, its image) adds nothing.
      const message = needsProblems(jobId, where, path, scope);
      const key = scope.jobIdOf(name) === undefined ? name.toLowerCase() : `${name.toLowerCase()}.${path[3] ?? ''}`;
      if (message !== '' && !reportedNeeds.has(key)) {
        reportedNeeds.add(key);
        problems.add(message);
      }
    } else if (context === 'steps' && !stepIds.includes(name.toLowerCase())) {
      problems.add(`${where} reads steps.${name}, but no step of this job has the id "${name}"; give that step id: "${name}", or fix the name.`);
    } else if (context === 'matrix') {
      matrixKeysRead.push(name);
    } else if (context === 'inputs' && !lower(scope.inputs).includes(name.toLowerCase())) {
      problems.add(inputProblem(where, `inputs.${name}`, scope.inputs));
    } else if (context === 'github' && name.toLowerCase() === 'event' && path[2]?.toLowerCase() === 'inputs' && path[3] !== undefined && path[3] !== '*'
      && !lower(scope.dispatchInputs).includes(path[3].toLowerCase())) {
      problems.add(inputProblem(where, `github.event.inputs.${path[3]}`, scope.dispatchInputs));
    }
  }
  for (const problem of matrixReferenceProblems(matrixKeysRead, definedMatrixKeys(job))) {
    problems.add(problem);
  }
  return [...problems].filter((p) => p !== '');
}

function needsProblems(jobId: string, where: string, path: ContextPath, scope: ReferenceScope): string {
  const name = path[1];
  const declared = scope.jobIdOf(name);
  if (declared === undefined) {
    const other = scope.otherWorkflowOf(name);
    return other !== undefined
      ? `${where} reads needs.${name}, but job "${name}" is in workflow "${other}"; a job can only read outputs of jobs of its own workflow, so declare both jobs in one workflow.`
      : `${where} reads needs.${name}, but this workflow has no job "${name}"; fix the id, or read the job's output with job.output('<name>').`;
  }
  if (declared.toLowerCase() === jobId.toLowerCase()) {
    return `${where} reads needs.${name}, its own job; a job can only read outputs of the jobs it needs.`;
  }
  if (path[2]?.toLowerCase() === 'outputs' && path[3] !== undefined && path[3] !== '*') {
    const outputs = scope.outputsOf(name);
    if (outputs !== null && outputs !== undefined && !outputs.some((o) => o.toLowerCase() === path[3].toLowerCase())) {
      return `${where} reads output "${path[3]}" of job "${declared}", which declares ${outputs.length === 0 ? 'no outputs' : `only ${outputs.map((o) => `"${o}"`).join(', ')}`}; declare it in that job's outputs.`;
    }
  }
  return '';
}

function inputProblem(where: string, read: string, inputs: readonly string[]): string {
  return inputs.length === 0
    ? `${where} reads ${read}, but the workflow declares no inputs; declare it in triggers.workflowDispatch.inputs or triggers.workflowCall.inputs, or remove the reference.`
    : `${where} reads ${read}, which is not a declared input (the workflow declares ${inputs.join(', ')}); fix the name or declare the input.`;
}

function contextAdvice(context: string): string {
  switch (context) {
    case 'env':
      return 'GitHub evaluates this key before the job\'s env exists, so use vars, inputs or matrix values, or write the value itself.';
    case 'secrets':
      return 'pass secrets only where they are used (a step\'s env or with, container credentials).';
    case 'steps':
    case 'job':
    case 'runner':
      return `the ${context} context only exists while the job's steps run; move the expression into a step.`;
    default:
      return 'move the expression to a key that may read it.';
  }
}

/** The matrix variables a rendered strategy defines, or undefined when it is computed at run time. */
function definedMatrixKeys(job: JobModel): string[] | undefined {
  const matrix = job.strategy?.matrix;
  if (matrix === undefined) {
    return [];
  }
  if (typeof matrix === 'string') {
    return undefined;
  }
  const keys = Object.keys(matrix).filter((key) => key !== 'include' && key !== 'exclude');
  const include = matrix.include;
  if (Array.isArray(include)) {
    for (const entry of include) {
      if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
        keys.push(...Object.keys(entry));
      }
    }
  } else if (typeof include === 'string') {
    return undefined;
  }
  return [...new Set(keys)];
}
