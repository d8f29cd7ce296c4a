/**
 * Whether a workflow gets a result job: the one check to require in branch
 * protection. GitHub counts a skipped job as passed, so requiring the jobs
 * themselves lets a pull request merge when the jobs that mattered were
 * skipped (on a fork's pull request the container jobs are, and the fork
 * fallback runs instead). The result job needs every job and passes only
 * when each one passed, or was skipped on an event that skips it.
 */

/** Options of the result job. */
export interface WorkflowResultOptions {
  /**
   * The job id, which is also the name of the check to require (unless
   * `name` is set).
   * @default 'result'
   */
  readonly id?: string;
  /**
   * The job's name in the GitHub UI and in branch protection.
   * @default - the id
   */
  readonly name?: string;
  /**
   * Runner labels for the result job (it runs one short bash step).
   * @default ['ubuntu-latest']
   */
  readonly runsOn?: string[];
  /**
   * A runner group for the result job (`runs-on: { group, labels }`).
   * @default - none
   */
  readonly runnerGroup?: string;
}

/** Whether and how a workflow writes its result job. */
export class WorkflowResult {
  /** The default job id of the result job. */
  public static readonly DEFAULT_ID = 'result';

  /** A result job with these options. */
  public static job(options: WorkflowResultOptions = {}): WorkflowResult {
    return new WorkflowResult(options ?? {});
  }

  /** No result job (require the jobs' own checks, knowing that GitHub counts a skipped job as passed). */
  public static none(): WorkflowResult {
    return new WorkflowResult(undefined);
  }

  private constructor(private readonly options: WorkflowResultOptions | undefined) {}

  /** The options, or undefined for {@link none}. @internal */
  public get _options(): WorkflowResultOptions | undefined {
    return this.options;
  }
}

const JOB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Problems with the `result` prop of a workflow whose jobs have `jobIds`. */
export function workflowResultProblems(given: unknown, jobIds: readonly string[]): string[] {
  if (given === undefined) {
    return clashProblems(WorkflowResult.DEFAULT_ID, jobIds, true);
  }
  if (!(given instanceof WorkflowResult)) {
    return [`result is ${JSON.stringify(given) ?? String(given)}; use WorkflowResult.job({ ... }) or WorkflowResult.none(), or leave it out.`];
  }
  const o = given._options;
  if (o === undefined) {
    return [];
  }
  const problems: string[] = [];
  const id = o.id ?? WorkflowResult.DEFAULT_ID;
  if (typeof id !== 'string' || !JOB_ID.test(id)) {
    problems.push(`result id ${JSON.stringify(id) ?? String(id)} is not a job id; start with a letter or _, then letters, digits, - and _ (for example "ci-result").`);
  } else {
    problems.push(...clashProblems(id, jobIds, o.id === undefined));
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '' || o.name.includes('${{'))) {
    problems.push(`result name ${JSON.stringify(o.name) ?? String(o.name)} must be literal text: it is the check branch protection requires, so it must not change from run to run.`);
  }
  if (o.runsOn !== undefined && (!Array.isArray(o.runsOn) || o.runsOn.length === 0 || o.runsOn.some((l) => typeof l !== 'string' || l.trim() === ''))) {
    problems.push(`result runsOn is ${JSON.stringify(o.runsOn) ?? String(o.runsOn)}; give runner labels, for example ['ubuntu-latest'], or leave it out.`);
  }
  if (o.runnerGroup !== undefined && (typeof o.runnerGroup !== 'string' || o.runnerGroup.trim() === '')) {
    problems.push(`result runnerGroup is ${JSON.stringify(o.runnerGroup) ?? String(o.runnerGroup)}; give a runner group's name, or leave it out.`);
  }
  return problems;
}

function clashProblems(id: string, jobIds: readonly string[], isDefault: boolean): string[] {
  const clash = jobIds.find((other) => other.toLowerCase() === id.toLowerCase());
  if (clash === undefined) {
    return [];
  }
  return [`job "${clash}" has the id of the workflow's result job${isDefault ? ' ("result" by default)' : ''}; rename that job, or give the result job another id: result: WorkflowResult.job({ id: '${id}-all' }).`];
}
