import { Component, Project } from 'projen';
import { findNeedsCycles } from './needs-graph';
import { triggersToModel, validateTriggers } from './trigger-model';
import { WorkflowDiagramFile } from './workflow-diagram-file';
import { WorkflowFile } from './workflow-file';
import { WorkflowModel } from './workflow-model';
import { WorkflowTriggers } from './workflow-triggers';
import { ActionResolver } from '../actions/action-table';
import { ActionVersions } from '../actions/action-versions';
import { ContainerTestJob } from '../jobs/container-test-job';
import { DockerBuildJob } from '../jobs/docker-build-job';
import { Job } from '../jobs/job';
import { renderMermaid } from '../render/mermaid-renderer';
import { renderWorkflow } from '../render/workflow-renderer';
import { emitYaml } from '../render/yaml-emitter';
import { addProblemCheck, collectProblems } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import { WorkflowValidationError } from '../validation/workflow-validation-error';

/** Options of a {@link Workflow}. */
export interface WorkflowProps {
  /**
   * The workflow's name in the GitHub UI.
   * @default - the workflow id
   */
  readonly name?: string;
  /** When the workflow runs. */
  readonly triggers: WorkflowTriggers;
  /**
   * Replacements for the actions the library uses (e.g. to pin a commit).
   * @default - the current majors of the library's action table
   */
  readonly actions?: ActionVersions;
  /**
   * Also write `.github/workflows/<id>.md`: the jobs, their `needs` and the
   * image each container job runs in, as a Mermaid flowchart (GitHub renders
   * it). The same text is available from `toMermaid()`.
   * @default false
   */
  readonly diagram?: boolean;
}

/** A workflow id names the file: letters, digits, `.`, `_`, `-`. */
const WORKFLOW_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A GitHub Actions workflow, written to `.github/workflows/<id>.yml` by
 * `npx projen`. Add jobs by creating them with this workflow as their scope.
 *
 * Works in any projen project; it does not need projen's `GitHub` component.
 */
export class Workflow extends Component {
  /** The id that names the file (`.github/workflows/<id>.yml`). */
  public readonly workflowId: string;
  /** The file path, relative to the project root. */
  public readonly filePath: string;
  /** @internal */
  public readonly _actions: ActionResolver;
  private readonly props: WorkflowProps;
  private readonly file: WorkflowFile;

  constructor(project: Project, id: string, props: WorkflowProps) {
    super(project, id);
    this.workflowId = id;
    this.props = props ?? ({} as WorkflowProps);
    this._actions = new ActionResolver(this.props.actions);
    this.filePath = `.github/workflows/${id}.yml`;
    this.file = new WorkflowFile(this, this.filePath);
    if (this.props.diagram === true) {
      new WorkflowDiagramFile(this, `.github/workflows/${id}.md`, this.file);
    }
    addProblemCheck(this, () => this.validateWorkflow());
  }

  /** The workflow's name in the GitHub UI (the `name` prop, else the id). */
  public get displayName(): string {
    return this.props.name ?? this.workflowId;
  }

  /** The jobs of this workflow, in declaration order. */
  public get jobs(): Job[] {
    return this.node.children.filter((c): c is Job => c instanceof Job);
  }

  /**
   * Checks this workflow and throws a {@link WorkflowValidationError} that
   * lists every problem, each prefixed with its construct path.
   */
  public assertValid(): void {
    const problems = collectProblems(this);
    if (problems.length > 0) {
      throw new WorkflowValidationError(problems);
    }
  }

  /**
   * The workflow file's text: exactly what `npx projen` writes. Validates
   * first and throws {@link WorkflowValidationError} on bad input.
   */
  public toYaml(): string {
    this.assertValid();
    return emitYaml(renderWorkflow(this.toModel()), { headerComments: [this.file.headerLine] });
  }

  /**
   * The workflow as a Mermaid flowchart: a box per job, an arrow per `needs`
   * edge, and the image each container job runs in. Validates first, like
   * `toYaml()`.
   * @see https://mermaid.js.org/syntax/flowchart.html
   */
  public toMermaid(): string {
    this.assertValid();
    return renderMermaid(this.displayName, this.jobs.map((job) => ({
      id: job.jobId,
      name: job._displayName,
      builds: job instanceof DockerBuildJob ? job.imageName : undefined,
      runsIn: job instanceof ContainerTestJob ? job.image.jobId : undefined,
      needs: job.needs.map((need) => need.jobId),
    })));
  }

  /**
   * Validates every workflow of the project at once, before any file is
   * written, so one error lists all problems.
   */
  public preSynthesize(): void {
    const workflows = this.project.components.filter((c): c is Workflow => c instanceof Workflow);
    if (workflows[0] !== this) {
      return;
    }
    const problems = workflows.flatMap((w) => collectProblems(w));
    problems.push(...duplicateCacheWriters(workflows, true));
    if (problems.length > 0) {
      throw new WorkflowValidationError(problems);
    }
  }

  private toModel(): WorkflowModel {
    return {
      name: this.displayName,
      on: triggersToModel(this.props.triggers),
      permissions: {},
      jobs: this.jobs.map((job) => [job.jobId, job._toModel()] as const),
    };
  }

  private validateWorkflow(): string[] {
    const problems: string[] = [];
    if (!WORKFLOW_ID.test(this.workflowId)) {
      problems.push(`workflow id "${this.workflowId}" names the file .github/workflows/<id>.yml; use letters, digits, ".", "_" and "-" only, for example "ci".`);
    }
    if (this.props.name !== undefined && (typeof this.props.name !== 'string' || this.props.name.trim() === '')) {
      problems.push('name is empty; give a name for the GitHub UI or leave it out to use the workflow id.');
    }
    problems.push(...validateTriggers(this.props.triggers));
    problems.push(...this._actions.validate());
    const jobs = this.jobs;
    if (jobs.length === 0) {
      problems.push('has no jobs; add one, for example new DockerBuildJob(workflow, \'build\', { image: \'ghcr.io/my-org/my-app\' }).');
    }
    const seen = new Map<string, Job>();
    for (const job of jobs) {
      const other = seen.get(job.jobId.toLowerCase());
      if (other !== undefined) {
        problems.push(`jobs "${other.jobId}" and "${job.jobId}" differ only in case, and GitHub job ids are case-insensitive; rename one.`);
      }
      seen.set(job.jobId.toLowerCase(), job);
    }
    for (const cycle of findNeedsCycles(jobs)) {
      problems.push(`jobs wait for each other in a cycle (${cycle.join(' -> ')}); remove one of these needs.`);
    }
    problems.push(...duplicateCacheWriters([this], false));
    return problems;
  }
}

/**
 * Build jobs that write the same cache (the same gha scope, say) and so
 * overwrite each other's index; one message per shared destination. With
 * `acrossWorkflows`, only groups that span several workflows are reported
 * (each workflow reports its own groups when it is validated).
 */
function duplicateCacheWriters(workflows: readonly Workflow[], acrossWorkflows: boolean): string[] {
  const byKey = new Map<string, DockerBuildJob[]>();
  for (const workflow of workflows) {
    for (const job of workflow.jobs) {
      if (!(job instanceof DockerBuildJob)) {
        continue;
      }
      const key = job._cacheWriteKey();
      if (key !== undefined) {
        byKey.set(key, [...(byKey.get(key) ?? []), job]);
      }
    }
  }
  const problems: string[] = [];
  for (const [key, jobs] of byKey) {
    const spansWorkflows = jobs.some((j) => j.workflow !== jobs[0].workflow);
    if (jobs.length < 2 || spansWorkflows !== acrossWorkflows) {
      continue;
    }
    const names = jobs.map((j) => (acrossWorkflows ? constructPath(j) : `"${j.jobId}"`)).join(' and ');
    const message = `build jobs ${names} ${jobs.length === 2 ? 'both' : 'all'} write the ${key}, so they overwrite each other's cache index; give each image its own scope, e.g. GhaCache.max({ scope: '${jobs[1].jobId.toLowerCase()}' }).`;
    problems.push(acrossWorkflows ? `${constructPath(jobs[0])}: ${message}` : message);
  }
  return problems;
}
