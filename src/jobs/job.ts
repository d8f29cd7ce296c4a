import { Construct } from 'constructs';
import { containerToModel, JobContainer } from './container';
import { jobConditionModel, imageGuards } from './job-conditions';
import { JobOutput } from './job-output';
import type { JobProps } from './job-props';
import { jobPropsProblems } from './job-props-validation';
import { strategyEnv, strategyToModel } from './matrix';
import { mergePermissions, PermissionRequirement, validatePermissions } from './permission-merge';
import { PermissionLevel } from './permissions';
import { runnerImageEnv, runnerImageGuards, runnerImageProblems, runnerImageSteps, validUses } from './runner-image';
import { servicesToModel } from './services';
import type { Step } from './step';
import { reservedIdProblems } from './step-validation';
import { Overrides } from '../render/overrides';
import { addProblemCheck } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import { DOCS, seeDocs } from '../validation/docs-links';
import { WorkflowValidationError } from '../validation/workflow-validation-error';
import type { Workflow } from '../workflow/workflow';
import type { ContainerModel, JobModel } from '../workflow/workflow-model';

/** GitHub's rule for job ids. */
const JOB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Marks jobs, so `Job.isJob` works across copies of the library. */
const JOB_BRAND = Symbol.for('projen-docker-ci.Job');

/**
 * True when `scope` is a {@link Workflow}. Checked by shape: the workflow
 * module imports this one, so importing it back would make a cycle.
 */
function isWorkflow(scope: unknown): scope is Workflow {
  const candidate = scope as Partial<Workflow> | undefined;
  return typeof candidate?.workflowId === 'string' && candidate._actions !== undefined && candidate.node !== undefined;
}

/**
 * A job of a {@link Workflow}; the construct id is the job id. Every job
 * kind (`RunnerJob`, `DockerBuildJob`, `ContainerTestJob`,
 * `ReusableWorkflowJob`) is one; to write a job kind of your own, extend
 * this class and implement {@link renderSteps} (and, where the steps need
 * token permissions, {@link requiredPermissions}): the job then gets every
 * key of {@link JobProps}, the checks and the rendering of the others.
 */
export abstract class Job extends Construct {
  /** True when `x` is a job of this library. */
  public static isJob(x: unknown): x is Job {
    return x !== null && typeof x === 'object' && (x as { [JOB_BRAND]?: boolean })[JOB_BRAND] === true;
  }

  /** The workflow this job belongs to. */
  public readonly workflow: Workflow;
  /** Jobs this job waits for because it was told to (props and `addNeeds`), in order. */
  private readonly dependencies: Job[] = [];
  /** Whatever `addNeeds` or `needs` was given that is not a job: reported, never kept. */
  private readonly badDependencies: unknown[] = [];
  private readonly jobProps: JobProps;
  /** The id as written by the user (`constructs` rewrites some characters in `node.id`). */
  private readonly requestedId: string;
  private readonly overrides = new Overrides();

  constructor(workflow: Workflow, id: string, props: JobProps = {}) {
    // A job outside a Workflow would never be written; say so instead of ignoring it.
    if (!isWorkflow(workflow)) {
      throw new WorkflowValidationError([`${String(id)}: the scope of a job must be a Workflow, for example new ${new.target.name}(new Workflow(project, 'ci', { ... }), '${String(id)}', { ... }).`]);
    }
    // An empty or duplicate id would make `constructs` throw its own error; say it our way, before `super`.
    if (typeof id !== 'string' || id === '') {
      throw new WorkflowValidationError([`${constructPath(workflow)}: a job id is ${JSON.stringify(id) ?? String(id)}; give each job an id that starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image").`]);
    }
    if (workflow.node.tryFindChild(id) !== undefined) {
      throw new WorkflowValidationError([`${constructPath(workflow)}/${id}: a job with id "${id}" already exists in workflow "${workflow.workflowId}"; give each job a unique id.`]);
    }
    super(workflow, id);
    Object.defineProperty(this, JOB_BRAND, { value: true });
    this.workflow = workflow;
    this.jobProps = props ?? {};
    this.requestedId = id;
    const needs = this.jobProps.needs as unknown;
    if (Array.isArray(needs)) {
      this.addNeeds(...needs);
    } else if (needs !== undefined) {
      this.badDependencies.push(needs);
    }
    // Each image's job is needed (also found from the env that reads it; said here to keep the order).
    for (const use of validUses(this.jobProps.images)) {
      if (Job.isJob(use.image.producer) && use.image.producer.workflow === workflow) {
        this.addNeeds(use.image.producer);
      }
    }
    addProblemCheck(this, () => this.validateJob());
  }

  /** The job id in the workflow file (the construct id). */
  public get jobId(): string {
    return this.node.id;
  }

  /**
   * The display name given in the props, if any.
   * @internal
   */
  public get _displayName(): string | undefined {
    return this.jobProps.name;
  }

  /**
   * The jobs this job waits for: those it was told to need, then those whose
   * outputs it reads (`needs.<id>.outputs.<x>` anywhere in the job), in the
   * order they were declared.
   */
  public get needs(): Job[] {
    const read = this.workflow._inferredNeeds(this);
    return [...this.dependencies, ...read.filter((job) => !this.dependencies.includes(job))];
  }

  /**
   * The jobs this job was told to need (props and `addNeeds`).
   * @internal
   */
  public get _explicitNeeds(): Job[] {
    return [...this.dependencies];
  }

  /**
   * One of this job's outputs (a build job's `image`, or a name declared in
   * `outputs`). Put it anywhere in another job's props (`.value` in a string,
   * `outputEnv`, `strategy.domainFromJson`): that job then `needs` this one.
   */
  public output(name: string): JobOutput {
    return new JobOutput(this, name);
  }

  /**
   * Makes this job wait for `jobs` (adds them to `needs:`). Adding a job twice
   * has no effect; anything that is not a job of this workflow is refused at
   * synthesis.
   */
  public addNeeds(...jobs: Job[]): void {
    for (const job of jobs) {
      if (!Job.isJob(job)) {
        this.badDependencies.push(job);
      } else if (!this.dependencies.includes(job)) {
        this.dependencies.push(job);
      }
    }
  }

  /**
   * Sets `path` (dot-separated GitHub keys relative to this job, e.g.
   * `timeout-minutes` or `steps.0.with.fetch-depth`; `\.` for a literal dot)
   * to `value` in the rendered job, after everything else: the last word
   * for a key the typed props do not model. The result is still written
   * deterministically and judged like the rest.
   */
  public addOverride(path: string, value: any): void {
    this.overrides.add(path, value);
  }

  /** Removes `path` (relative to this job, as in {@link addOverride}) from the rendered job. */
  public addDeletionOverride(path: string): void {
    this.overrides.add(path, undefined);
  }

  /**
   * The overrides of this job, applied by the workflow's renderer.
   * @internal
   */
  public get _overrides(): Overrides {
    return this.overrides;
  }

  /**
   * The steps of the job, in order. Called when the workflow is written,
   * after validation, so it may read other jobs of the workflow.
   */
  protected abstract renderSteps(): Step[];

  /**
   * The container the steps run in, if any.
   * @default - none: the steps run on the runner
   */
  protected renderContainer(): JobContainer | undefined {
    return undefined;
  }

  /**
   * The token permissions the job's steps need, each saying who needs it;
   * the job gets their union with its `permissions` prop, and a prop that
   * sets a scope lower is refused, quoting `neededBy`. Must not throw on
   * invalid props (validation calls it first).
   */
  protected requiredPermissions(): PermissionRequirement[] {
    return [];
  }

  /**
   * Every permission the job needs: its steps', plus `packages: read` to pull
   * a container or service image with the `GITHUB_TOKEN` (GHCR).
   * @internal
   */
  public _permissionRequirements(): PermissionRequirement[] {
    const pulls = [this.renderContainer(), ...(Array.isArray(this.jobProps.services) ? this.jobProps.services : [])]
      .filter((c): c is JobContainer => c !== null && typeof c === 'object' && usesGitHubToken(c.credentials?.password));
    return [
      ...this.requiredPermissions(),
      ...validUses(this.jobProps.images).flatMap((use) => use.image.runnerPermissions(this)),
      ...pulls.map((c) => ({
        scope: 'packages',
        level: PermissionLevel.READ,
        neededBy: `${this.constructor.name} "${this.jobId}" (to pull ${'name' in c ? `the image of service "${String((c as { name: unknown }).name)}"` : 'its image'} from ghcr.io with the GITHUB_TOKEN)`,
      })),
    ];
  }

  /**
   * False when the job's outputs are not known here (a called workflow of
   * another repository), so any name may be read.
   * @internal
   */
  public get _outputsKnown(): boolean {
    return true;
  }

  /**
   * True when output `name` is an image reference pinned by digest
   * (`<name>@sha256:...`), as a build job's `image`.
   * @internal
   */
  public _digestPinnedOutput(_name: string): boolean {
    return false;
  }

  /**
   * The condition (an expression readable by a job that needs this one)
   * under which output `name` is not empty when this job succeeds, if it is
   * known: a build job's `image` is empty only where nothing could be pushed.
   * The result job uses it to tell an expected skip from a wrong one.
   * @internal
   */
  public _outputPresentWhen(_name: string): string | undefined {
    return undefined;
  }

  /**
   * The workflow of this project this job calls, if it calls one.
   * @internal
   */
  public get _calledWorkflow(): Workflow | undefined {
    return undefined;
  }

  /**
   * The names of the outputs this job declares.
   * @internal
   */
  public _outputNames(): string[] {
    const outputs = this.jobProps.outputs;
    return [...(outputs !== null && typeof outputs === 'object' ? Object.keys(outputs) : []), ...Object.keys(this._ownOutputs())];
  }

  /**
   * Conditions a kind of job adds to its `if` once the workflow is complete
   * (e.g. platform legs that leave a fork's pull request to the fork fallback).
   * @internal
   */
  public _conditionGuards(): string[] {
    return [];
  }

  /**
   * Outputs a kind of job declares itself once the workflow is complete
   * (a build job's image archive, when a job loads it), after `outputs`.
   * @internal
   */
  public _ownOutputs(): { [name: string]: string } {
    return {};
  }

  /**
   * What a diagram shows of this job besides its id: lines of text, and
   * whether it builds something (drawn as a subroutine box). In the view of
   * one event, `outputPresent` says whether each output of this job is
   * produced on it (undefined: not known, or the diagram has no events).
   * @internal
   */
  public _diagram(_outputPresent?: (name: string) => boolean | undefined): { lines: string[]; builds?: boolean } {
    return { lines: [] };
  }

  /**
   * What output `name` of this job holds, for the jobs that run in it (a
   * build job's image: `ghcr.io/acme/app@<digest of build>`) and where it
   * comes from (`pushed by build, by digest`); undefined when the job does
   * not say.
   * @internal
   */
  public _describeOutput(_name: string): { value: string; origin: string } | undefined {
    return undefined;
  }

  /**
   * The job as plain data, ready for rendering; `needs` holds the jobs it
   * was told to need (the workflow adds the ones it reads).
   * @internal
   */
  public _toModel(): JobModel {
    const p = this.jobProps;
    const container = this.renderContainer();
    const containerModel: ContainerModel | undefined = container && containerToModel(container);
    const services = servicesToModel(p.services);
    const env: { [name: string]: string } = { ...p.env };
    for (const [name, output] of Object.entries(p.outputEnv ?? {})) {
      env[name] = output.value;
    }
    Object.assign(env, runnerImageEnv(p.images), strategyEnv(p.strategy));
    const runnerGroup = p.runnerGroup;
    const guards = [...new Set([...imageGuards(containerModel, services), ...runnerImageGuards(p.images), ...this._conditionGuards()])];
    return {
      name: p.name,
      needs: this.dependencies.map((job) => job.jobId),
      if: jobConditionModel(p.if, guards),
      // In a group, no labels unless asked for: the group alone picks the runner.
      runsOn: p.runsOn ?? (runnerGroup === undefined ? ['ubuntu-latest'] : []),
      runnerGroup,
      environment: p.environment && { name: p.environment.name, url: p.environment.url },
      concurrency: p.concurrency?._toModel(`${this.workflow.workflowId}-${this.jobId}`),
      permissions: mergePermissions(this._permissionRequirements(), p.permissions),
      strategy: p.strategy && strategyToModel(p.strategy),
      outputs: outputsModel(p.outputs, this._ownOutputs()),
      env: Object.keys(env).length > 0 ? env : undefined,
      defaults: p.defaults && (p.defaults.shell !== undefined || p.defaults.workingDirectory !== undefined)
        ? { run: { shell: p.defaults.shell, workingDirectory: p.defaults.workingDirectory } } : undefined,
      timeoutMinutes: p.timeoutMinutes,
      continueOnError: p.continueOnError ?? p.continueOnErrorWhen,
      container: containerModel,
      services,
      // The images first: the job's own steps (a checkout included) may use them.
      steps: [...runnerImageSteps(p.images), ...this.renderSteps()],
    };
  }

  /**
   * The job outputs the props read as objects (`outputEnv`, a matrix from
   * JSON): of this job itself, of another workflow's job, or an output the
   * job does not declare. (Outputs read in strings are checked on the model.)
   */
  private typedReadProblems(): string[] {
    const p = this.jobProps;
    const reads: [string, unknown][] = [
      ...Object.entries(p.outputEnv !== null && typeof p.outputEnv === 'object' ? p.outputEnv : {}).map(([k, v]) => [`outputEnv.${k}`, v] as [string, unknown]),
      ...Object.entries(p.strategy?.domainFromJson !== null && typeof p.strategy?.domainFromJson === 'object' ? p.strategy.domainFromJson : {})
        .map(([k, v]) => [`strategy.domainFromJson.${k}`, v] as [string, unknown]),
      ['strategy.fromJson', p.strategy?.fromJson],
    ];
    const problems: string[] = [];
    for (const [at, output] of reads) {
      if (!(output instanceof JobOutput)) {
        continue; // not an output: refused by the props checks
      }
      if (output.job === this) {
        problems.push(`${at} reads an output of this job itself; a job can only read outputs of jobs it needs.`);
      } else if (output.job.workflow !== this.workflow) {
        problems.push(`${at} reads job "${output.job.jobId}" of workflow "${output.job.workflow.workflowId}"; outputs only reach jobs of the same workflow.`);
      } else if (output.job._outputsKnown && !output.job._outputNames().some((name) => name.toLowerCase() === String(output.name).toLowerCase())) {
        const declared = output.job._outputNames();
        problems.push(`${at} reads output "${output.name}" of job "${output.job.jobId}", which declares ${declared.length === 0 ? 'no outputs' : `only ${declared.map((d) => `"${d}"`).join(', ')}`}; declare it in that job's outputs.`);
      }
    }
    return problems;
  }

  private validateJob(): string[] {
    const problems: string[] = [];
    if (!JOB_ID.test(this.requestedId)) {
      problems.push(`"${this.requestedId}" is not a valid job id; a job id starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image").${seeDocs(DOCS.jobId)}`);
    } else {
      problems.push(...reservedIdProblems(this.requestedId, 'job id'));
    }
    problems.push(...jobPropsProblems(this.jobProps));
    problems.push(...validatePermissions(this._permissionRequirements(), this.jobProps.permissions));
    problems.push(...this.overrides.problems('addOverride'));
    problems.push(...this.typedReadProblems());
    problems.push(...runnerImageProblems(this.jobProps.images, {
      job: this,
      env: this.jobProps.env,
      outputEnv: this.jobProps.outputEnv,
      strategyEnv: strategyEnv(this.jobProps.strategy),
      inContainer: this.renderContainer() !== undefined,
    }));
    for (const bad of this.badDependencies) {
      problems.push(`needs ${describe(bad)}, which is not a job; pass jobs of this workflow, for example addNeeds(buildJob).`);
    }
    for (const job of this.dependencies) {
      if (job.workflow !== this.workflow) {
        problems.push(`needs job "${job.jobId}" of workflow "${job.workflow.workflowId}", but \`needs\` only reaches jobs of the same workflow; declare both jobs in workflow "${this.workflow.workflowId}".`);
      }
      if (job === this) {
        problems.push('needs itself; remove it from needs.');
      }
    }
    return problems;
  }
}

/** True for the `GITHUB_TOKEN` as an expression (`secrets.GITHUB_TOKEN` or `github.token`). */
function usesGitHubToken(password: unknown): boolean {
  return typeof password === 'string' && /^\$\{\{\s*(?:secrets\.GITHUB_TOKEN|github\.token)\s*\}\}$/i.test(password.trim());
}

/** A short description of a value for messages (`"build"`, `undefined`, an object's class). */
function describe(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name !== undefined && name !== 'Object' ? `a ${name}` : JSON.stringify(value) ?? String(value);
  }
  return JSON.stringify(value) ?? String(value);
}

/** The declared outputs, then the job kind's own; undefined when there are none. */
function outputsModel(given: { [name: string]: string } | undefined, own: { [name: string]: string }): { [name: string]: string } | undefined {
  return Object.keys(own).length === 0 ? given && { ...given } : { ...given, ...own };
}
