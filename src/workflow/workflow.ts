import * as fs from 'fs';
import * as path from 'path';
import { Component, github, Project } from 'projen';
import { actionUpdatesProblems, addActionUpdates } from './action-updates';
import { withDigestNotes } from './digest-notes';
import { findNeedsCycles } from './needs-graph';
import { resultJobModel } from './result-job';
import { triggeredEvents, triggersToModel } from './trigger-model';
import type { CallOutputModel, WorkflowCallInput, WorkflowCallSecret } from './workflow-call';
import { drawWorkflow, DrawnJob } from './workflow-diagram';
import { WorkflowDiagramFile } from './workflow-diagram-file';
import { existingFileKind, headerLineFor, PROJEN_MARKER, WorkflowFile } from './workflow-file';
import { JobModel, PermissionsModel, WorkflowModel } from './workflow-model';
import { workflowOptionsToModel } from './workflow-options';
import type { WorkflowProps } from './workflow-props';
import { WorkflowResult, workflowResultProblems } from './workflow-result';
import { WorkflowTriggers } from './workflow-triggers';
import { jobSetProblems, projectProblems, workflowFlagProblems, workflowPropsProblems } from './workflow-validation';
import { ActionPinning } from '../actions/action-pinning';
import { ACTION_TABLE, ActionResolver } from '../actions/action-table';
import { expr } from '../expressions/expressions';
import { Job } from '../jobs/job';
import { JobOutput } from '../jobs/job-output';
import { mergePermissions } from '../jobs/permission-merge';
import { PermissionLevel } from '../jobs/permissions';
import { neededIds, referenceProblems, ReferenceScope } from '../jobs/reference-checks';
import { Overrides } from '../render/overrides';
import { renderWorkflow } from '../render/workflow-renderer';
import { emitYaml } from '../render/yaml-emitter';
import { addProblemCheck, collectProblems } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import { DOCS, seeDocs } from '../validation/docs-links';
import { WorkflowValidationError } from '../validation/workflow-validation-error';

/** Each job of a workflow with its model (inferred `needs` included), in declaration order. */
type JobModels = ReadonlyArray<readonly [Job, JobModel]>;

/** True when `c` is a {@link Workflow} (by shape, across copies of the library). */
function isWorkflow(c: unknown): c is Workflow {
  return c instanceof Workflow;
}

/**
 * A GitHub Actions workflow, written to `.github/workflows/<id>.yml` by
 * `npx projen`. Add jobs by creating them with this workflow as their scope.
 *
 * Works in any projen project; it does not need projen's `GitHub` component.
 */
export class Workflow extends Component {
  /**
   * Set this environment variable to `1` (e.g. `PROJEN_DOCKER_CI_CHECK=1 npx projen`)
   * to make synthesis fail, before writing anything, when a committed
   * workflow file differs from what `.projenrc.ts` synthesizes: a drift
   * check for CI.
   */
  public static readonly DRIFT_CHECK_ENV = 'PROJEN_DOCKER_CI_CHECK';

  /** The id that names the file (`.github/workflows/<id>.yml`). */
  public readonly workflowId: string;
  /** The file path, relative to the project root. */
  public readonly filePath: string;
  /** @internal */
  public readonly _actions: ActionResolver;
  private readonly props: WorkflowProps;
  private readonly overrides = new Overrides();
  private readonly callOutputs: { name: string; output: JobOutput; description?: string }[] = [];
  private readonly preparations: (() => void)[] = [];
  private preparing = false;
  /** The number of children and of preparations after the last round of {@link _prepare}. */
  private preparedWith = -1;
  private preparationsRun = 0;
  private filesCreated = false;

  constructor(project: Project, id: string, props: WorkflowProps) {
    // A second workflow with this id would make `constructs` throw its own error; say it our way.
    if (project?.node?.tryFindChild(id) !== undefined) {
      throw new WorkflowValidationError([`${id}: a workflow (or another component) with id "${id}" already exists in this project; give each workflow its own id, which names its file .github/workflows/<id>.yml.`]);
    }
    super(project, id);
    this.workflowId = id;
    this.props = props ?? ({} as WorkflowProps);
    // projen's GitHub component, read when the actions are resolved: overrides set after this constructor count.
    // projen's GitHub component, looked up again only when the project's own components changed
    // (`GitHub.of` walks the whole construct tree, and actions are resolved once per step).
    let componentsSeen = -1;
    let gitHub: github.GitHub | undefined;
    const projenActions = () => {
      const count = project.node.children.length;
      if (count !== componentsSeen) {
        gitHub = github.GitHub.of(project);
        componentsSeen = count;
      }
      return gitHub?.actions;
    };
    this._actions = new ActionResolver(this.props.actions, this.props.pinning ?? ActionPinning.SHA, ACTION_TABLE, projenActions);
    this.filePath = `.github/workflows/${id}.yml`;
    addProblemCheck(this, () => this.validateWorkflow());
  }

  /** The workflow's name in the GitHub UI (the `name` prop, else the id). */
  public get displayName(): string {
    return this.props.name ?? this.workflowId;
  }

  /**
   * True when the workflow can run for a tag: on releases, on pushes of tags
   * (a push trigger with `tags`, or without branch filters), on manual runs
   * and calls (which may start on a tag ref), and on `create`.
   */
  public get mayRunOnTags(): boolean {
    const t = this.props.triggers;
    if (t === null || typeof t !== 'object') {
      return false;
    }
    const push = t.push !== null && typeof t.push === 'object' ? t.push : undefined;
    const filtersBranches = push !== undefined && (push.branches !== undefined || push.branchesIgnore !== undefined);
    const pushesTags = push !== undefined && (push.tags !== undefined || push.tagsIgnore !== undefined || !filtersBranches);
    return pushesTags || [t.release, t.workflowDispatch, t.workflowCall, t.create].some((event) => event !== undefined);
  }

  /** The events this workflow runs on, with GitHub's names (`push`, `pull_request`...). */
  public get events(): string[] {
    return triggeredEvents(this.props.triggers);
  }

  /** The jobs of this workflow, in declaration order. */
  public get jobs(): Job[] {
    this._prepare();
    return this.node.children.filter((c): c is Job => Job.isJob(c));
  }

  /**
   * Registers work to do once the whole graph is declared, before the
   * workflow is validated or written (e.g. adding a job that depends on
   * jobs declared later). Each preparation must be safe to run again.
   * @internal
   */
  public _addPreparation(prepare: () => void): void {
    this.preparations.push(prepare);
  }

  /** Runs the preparations (idempotent; a preparation that reads `jobs` does not start another round). @internal */
  public _prepare(): void {
    // Nothing to do when no job was added since the last round: `jobs` is read once per job by some checks,
    // and a round reads every job, so running it each time would be quadratic in the number of jobs.
    const children = this.node.children.length;
    if (this.preparing || (children === this.preparedWith && this.preparations.length === this.preparationsRun)) {
      return;
    }
    this.preparing = true;
    try {
      for (const prepare of [...this.preparations]) {
        prepare();
      }
    } finally {
      this.preparing = false;
      this.preparedWith = this.node.children.length;
      this.preparationsRun = this.preparations.length;
    }
  }

  /**
   * The result job's options, or undefined when the workflow has none.
   * @internal
   */
  public get _resultJob(): { id: string; name?: string; runsOn?: string[]; runnerGroup?: string } | undefined {
    const given = this.props.result;
    const t = this.props.triggers;
    const gated = t !== null && typeof t === 'object' && (t.pullRequest !== undefined || t.mergeGroup !== undefined);
    const options = given instanceof WorkflowResult ? given._options : gated ? {} : undefined;
    return options && { ...options, id: options.id ?? WorkflowResult.DEFAULT_ID };
  }

  /** The workflow's `env` (as given, possibly invalid). @internal */
  public get _env(): { [name: string]: string } | undefined {
    return this.props.env;
  }

  /**
   * True for an input (`inputs.<name>`, any case) nobody can fill with text:
   * boolean or number, or a choice or environment of `workflow_dispatch`
   * (when both triggers declare it, both must be).
   * @internal
   */
  public _inputIsFixed(name: string): boolean {
    const triggers = this.props.triggers as WorkflowTriggers | undefined;
    const types = [
      ...Object.entries(triggers?.workflowDispatch?.inputs ?? {}).map(([k, v]) => [k, v?.type ?? 'string'] as const),
      ...Object.entries(triggers?.workflowCall?.inputs ?? {}).map(([k, v]) => [k, v?.type] as const),
    ].filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, type]) => String(type));
    return types.length > 0 && types.every((type) => ['boolean', 'number', 'choice', 'environment'].includes(type));
  }

  /** The shell of `run:` steps set in the workflow's `defaults`, if any. @internal */
  public get _defaultShell(): string | undefined {
    return this.props.defaults?.shell;
  }

  /**
   * Sets `keyPath` (dot-separated GitHub keys, e.g. `jobs.deploy.timeout-minutes`
   * or `on.push.tags`; `\.` for a literal dot) to `value` in the rendered
   * workflow, after everything else: the last word for a key the typed API
   * does not model. The result is still written deterministically, checked
   * by the drift check and judged by `npm run validate`.
   */
  public addOverride(keyPath: string, value: any): void {
    this.overrides.add(keyPath, value);
  }

  /** Removes `keyPath` (as in {@link addOverride}) from the rendered workflow. */
  public addDeletionOverride(keyPath: string): void {
    this.overrides.add(keyPath, undefined);
  }

  /**
   * Declares an output of this reusable workflow (it needs a `workflowCall`
   * trigger): the value of `output`, a job output of this workflow, for the
   * calling job to read as `callerJob.output(name)`.
   */
  public addCallOutput(name: string, output: JobOutput, description?: string): void {
    this.callOutputs.push({ name, output, description });
  }

  /**
   * Checks this workflow and throws a {@link WorkflowValidationError} that
   * lists every problem, each prefixed with its construct path.
   */
  public assertValid(): void {
    this.validatedJobModels();
  }

  /**
   * Compares the workflow file on disk with what this workflow synthesizes;
   * one message when they differ (or the file is missing), none when the
   * committed file is up to date. `PROJEN_DOCKER_CI_CHECK=1 npx projen` runs
   * this for every workflow and fails on any message. Validates first, like
   * `toYaml()`.
   */
  public checkDrift(): string[] {
    const expected = this.toYaml();
    const file = path.join(this.project.outdir, this.filePath);
    let actual: string;
    try {
      actual = fs.readFileSync(file, 'utf8');
    } catch {
      return [`${constructPath(this)}: ${this.filePath} does not exist, but .projenrc.ts synthesizes it; run "${this.project.projenCommand}" and commit the result.`];
    }
    // Line endings are not drift: git may check files out with CRLF (core.autocrlf) on Windows.
    actual = actual.replace(/\r\n/g, '\n');
    if (actual === expected) {
      return [];
    }
    const want = expected.replace(/\n$/, '').split('\n');
    const have = actual.replace(/\n$/, '').split('\n');
    let line = 0;
    while (line < want.length && want[line] === have[line]) {
      line++;
    }
    const where = line < Math.max(want.length, have.length)
      ? `first difference at line ${line + 1}: expected ${JSON.stringify(want[line] ?? '<end of file>')}, found ${JSON.stringify(have[line] ?? '<end of file>')}`
      : 'it differs in the final newline';
    return [`${constructPath(this)}: ${this.filePath} differs from what .projenrc.ts synthesizes (${where}); ` +
      `edit .projenrc.ts instead of the generated file, run "${this.project.projenCommand}" and commit the result.`];
  }

  /**
   * The workflow file's text: exactly what `npx projen` writes. Validates
   * first and throws {@link WorkflowValidationError} on bad input.
   */
  public toYaml(): string {
    const models = this.validatedJobModels();
    return emitYaml(this.renderWithOverrides(models, true).rendered, { headerComments: [headerLineFor(this.project)] });
  }

  /**
   * The plain data `toYaml()` writes (GitHub's keys, overrides applied), so
   * tests can check that the YAML reads back as exactly this object.
   * @internal
   */
  public _render(): ReturnType<typeof renderWorkflow> {
    return this.renderWithOverrides(this.jobModels(), false).rendered;
  }

  /**
   * The workflow as a Mermaid flowchart. For each event the triggers admit
   * among a push to the default branch, a pull request from a branch of the
   * repository and one from a fork, a subgraph shows which jobs run and
   * which are skipped (dashed and grey, with the reason), decided by
   * evaluating each job's `if:` with GitHub's rules, and which image each
   * job that runs in a built image gets (`<name>@<digest of build>`, pushed
   * by the build; on a fork's pull request, the image the fork fallback
   * builds locally). A job whose `if:` depends on what is only known during
   * the run (inputs, variables, outputs) is drawn dashed, "runs if ...".
   * A workflow none of these events starts is drawn once, without events.
   * Arrows are `needs` edges, labelled with the outputs read along them.
   * Validates first, like `toYaml()`.
   * @see https://mermaid.js.org/syntax/flowchart.html
   */
  public toMermaid(): string {
    const models = this.validatedJobModels();
    const jobs: DrawnJob[] = [
      ...models.map(([job, model]) => ({ job, id: job.jobId, model })),
      ...this.resultJob(models).map(([id, model]) => ({ id, model })),
    ];
    return drawWorkflow(this.displayName, this.props.triggers, jobs);
  }

  /**
   * The jobs `job` reads outputs or results of (`needs.<id>.`), in
   * declaration order; the job then needs them without being told.
   * @internal
   */
  public _inferredNeeds(job: Job): Job[] {
    const ids = neededIds(job._toModel()).map((id) => id.toLowerCase());
    return this.jobs.filter((other) => other !== job && ids.includes(other.jobId.toLowerCase()));
  }

  /**
   * The interface of this workflow when it is called (`workflow_call`), or
   * undefined when it cannot be called.
   * @internal
   */
  public _callInterface(): { inputs: { [name: string]: WorkflowCallInput }; secrets: { [name: string]: WorkflowCallSecret } } | undefined {
    const call = this.props.triggers?.workflowCall;
    return call === undefined || call === null ? undefined : { inputs: { ...call.inputs }, secrets: { ...call.secrets } };
  }

  /** The names of the outputs declared with `addCallOutput`. @internal */
  public _callOutputNames(): string[] {
    return this.callOutputs.map((o) => o.name);
  }

  /** The union of the token permissions of this workflow's jobs (what a caller must grant). @internal */
  public _jobPermissions(): PermissionsModel {
    return mergePermissions(this.jobs.flatMap((job) => Object.entries(job._toModel().permissions)
      .map(([scope, level]) => ({ scope, level: level as PermissionLevel, neededBy: job.jobId }))), undefined);
  }

  /** The workflows this one calls through `ReusableWorkflowJob({ workflow })`. @internal */
  public _calledWorkflows(): Workflow[] {
    return this.jobs.map((job) => job._calledWorkflow).filter(isWorkflow);
  }

  /**
   * Validates every workflow of the project at once, before any file is
   * written, so one error lists all problems; then adds the files.
   */
  public preSynthesize(): void {
    const workflows = this.project.components.filter(isWorkflow);
    if (workflows[0] === this) {
      workflows.forEach((w) => w._prepare());
      const problems = workflows.flatMap((w) => collectProblems(w));
      problems.push(...projectProblems(workflows));
      const updates = workflows.some((w) => w.props.dependabot !== false);
      if (updates) {
        problems.push(...actionUpdatesProblems(this.project).map((p) => `${constructPath(this)}: ${p}`));
      }
      if (problems.length === 0) {
        problems.push(...workflows.flatMap((w) => w.modelProblems(w.jobModels())));
      } else {
        problems.push(...workflows.flatMap((w) => w._laterProblems(problems)));
      }
      if (problems.length === 0 && ['1', 'true'].includes(process.env[Workflow.DRIFT_CHECK_ENV] ?? '')) {
        problems.push(...workflows.flatMap((w) => w.checkDrift()));
      }
      if (problems.length > 0) {
        throw new WorkflowValidationError(problems);
      }
      if (updates) {
        addActionUpdates(this.project);
      }
    }
    this.createFiles();
  }

  /**
   * The workflow's files, added only now: after every component of the
   * project exists, so a clash with a file projen writes itself is found and
   * reported as ours (projen would refuse a second file with a bare error).
   */
  private createFiles(): void {
    if (this.filesCreated) {
      return;
    }
    this.filesCreated = true;
    new WorkflowFile(this, this.filePath);
    if (this.props.diagram === true) {
      new WorkflowDiagramFile(this, `.github/workflows/${this.workflowId}.md`);
    }
  }

  /** Problems only the whole project shows: files that exist already, workflows that clash. @internal */
  public _fileProblems(): string[] {
    const problems: string[] = [];
    const other = this.filesCreated ? undefined : this.project.tryFindFile(this.filePath);
    if (other !== undefined) {
      problems.push(`${constructPath(this)}: ${this.filePath} is already a file of this project (${other.constructor.name}, e.g. one of projen's own workflows such as build or release), ` +
        `so both would write it; give this Workflow another id (for example "${this.workflowId}-docker"), or turn the other workflow off in the project's options.`);
    } else if (this.props.overwrite !== true && existingFileKind(path.join(this.project.outdir, this.filePath)) === 'foreign') {
      problems.push(`${constructPath(this)}: ${this.filePath} already exists and was not generated by projen (no "${PROJEN_MARKER}" marker in its first lines), ` +
        'so synthesizing would overwrite it. Move or rename that file (or give this Workflow another id), or set overwrite: true on the Workflow to replace it.');
    }
    return problems;
  }

  /**
   * Validates like {@link assertValid} and returns every job's model, built
   * once: the checks on the rendered model and the rendering itself then
   * share them (building a model is most of the cost of a job).
   */
  private validatedJobModels(): JobModels {
    this._prepare();
    const problems = collectProblems(this);
    if (problems.length > 0) {
      throw new WorkflowValidationError([...problems, ...this._laterProblems(problems)]);
    }
    const models = this.jobModels();
    const later = this.modelProblems(models);
    if (later.length > 0) {
      throw new WorkflowValidationError(later);
    }
    return models;
  }

  /** Each job with its model, in declaration order; `needs` holds the declared jobs, then the jobs it reads. */
  private jobModels(jobs: readonly Job[] = this.jobs, render: (job: Job) => JobModel | undefined = (job) => job._toModel()): JobModels {
    const all = this.jobs;
    const byId = new Map(all.map((job) => [job.jobId.toLowerCase(), job]));
    const models: (readonly [Job, JobModel])[] = [];
    for (const job of jobs) {
      const model = render(job);
      if (model === undefined) {
        continue;
      }
      const read = neededIds(model).map((id) => byId.get(id.toLowerCase())).filter((j): j is Job => j !== undefined && j !== job);
      const needs = [...job._explicitNeeds, ...all.filter((j) => read.includes(j) && !job._explicitNeeds.includes(j))];
      models.push([job, withDigestNotes({ ...model, needs: needs.map((j) => j.jobId) }, byId)] as const);
    }
    return models;
  }

  /**
   * With `found` problems already: the checks on the rendered models of the
   * jobs that have none of their own, so one error lists as much as it can.
   * A job whose rendering fails because of a problem reported elsewhere is
   * left for the next run. The whole project's workflows are validated this
   * way in `preSynthesize`.
   * @internal
   */
  public _laterProblems(found: readonly string[]): string[] {
    const clean = this.jobs.filter((job) => !found.some((p) => p.startsWith(`${constructPath(job)}: `)));
    const models = this.jobModels(clean, (job) => {
      try {
        return job._toModel();
      } catch {
        return undefined; // a consequence of a problem reported in `found`
      }
    });
    return this.modelProblems(models, false);
  }

  /**
   * Checks on the rendered models, after validation: what each job reads
   * (contexts allowed per key, jobs, steps, matrix keys and inputs that
   * exist), `needs` cycles, secrets that would leak, overrides that cannot
   * apply, and unpinned actions under SHA pinning.
   */
  private modelProblems(models: JobModels, complete = true): string[] {
    const problems: string[] = [];
    const scope = this.referenceScope();
    for (const [job, model] of models) {
      problems.push(...referenceProblems(job.jobId, model, scope).map((p) => `${constructPath(job)}: ${p}`));
      for (const [name, value] of Object.entries(model.outputs ?? {})) {
        if (/\bsecrets\b|\bgithub\.token\b/i.test(value)) {
          problems.push(`${constructPath(job)}: output "${name}" reads a secret; GitHub drops job outputs that contain a secret, so the jobs that need it would get ''. Derive outputs from non-secret values only.${seeDocs(DOCS.jobOutputs)}`);
        }
      }
      model.steps.forEach((step, index) => {
        if (typeof step.run === 'string' && /\$\{\{[^}]*\b(?:secrets|github\.token)\b/i.test(step.run)) {
          problems.push(`${constructPath(job)}: step ${index + 1}${step.name ? ` ("${step.name}")` : ''} interpolates a secret into \`run\`; pass it through env instead.${seeDocs(DOCS.secureUse)}`);
        }
      });
    }
    // Jobs without a model (complete is false) take part with the jobs they were told to need.
    const byId = new Map(this.jobs.map((job) => [job.jobId, job._explicitNeeds.map((j) => j.jobId)]));
    models.forEach(([job, model]) => byId.set(job.jobId, model.needs));
    for (const cycle of findNeedsCycles([...byId.keys()], (id) => byId.get(id) ?? [])) {
      problems.push(`${constructPath(this)}: jobs wait for each other in a cycle (${cycle.join(' -> ')}); remove one of these needs, or the output one of them reads of the other.`);
    }
    if (!complete) {
      return problems;
    }
    if (!this.overrides.isEmpty || models.some(([job]) => !job._overrides.isEmpty)) {
      problems.push(...this.renderWithOverrides(models, false).problems);
    }
    problems.push(...this._actions.unpinnedRequested().map((p) => `${constructPath(this)}: ${p}`));
    return problems;
  }

  /** What the reference checks need to know about this workflow and the project's others. */
  private referenceScope(): ReferenceScope {
    // By lowercased id (GitHub's job ids are case-insensitive); the first of a case-only clash, which is refused.
    const byId = new Map<string, Job>();
    for (const job of this.jobs) {
      if (!byId.has(job.jobId.toLowerCase())) {
        byId.set(job.jobId.toLowerCase(), job);
      }
    }
    const find = (id: string) => byId.get(id.toLowerCase());
    const triggers = this.props.triggers ?? ({} as WorkflowTriggers);
    const dispatchInputs = Object.keys(triggers.workflowDispatch?.inputs ?? {});
    const callInputs = Object.keys(triggers.workflowCall?.inputs ?? {});
    return {
      jobIdOf: (id) => find(id)?.jobId,
      outputsOf: (id) => {
        const job = find(id);
        return job === undefined ? undefined : job._outputsKnown ? job._outputNames() : null;
      },
      otherWorkflowOf: (id) => this.project.components.filter(isWorkflow)
        .find((w) => w !== this && w.jobs.some((job) => job.jobId.toLowerCase() === id.toLowerCase()))?.workflowId,
      inputs: [...new Set([...dispatchInputs, ...callInputs])],
      dispatchInputs,
    };
  }

  private callOutputProblems(): string[] {
    const problems: string[] = [];
    if (this.callOutputs.length > 0 && this.props.triggers?.workflowCall === undefined) {
      problems.push('addCallOutput() declares outputs, but the workflow has no workflowCall trigger; add triggers.workflowCall, or remove the outputs.');
    }
    const seen = new Set<string>();
    for (const { name, output } of this.callOutputs) {
      if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
        problems.push(`call output name ${JSON.stringify(name)} is not an output name; start with a letter or _, then letters, digits, - and _.`);
      } else if (seen.has(name.toLowerCase())) {
        problems.push(`call output "${name}" is declared twice; give each output its own name.`);
      }
      seen.add(String(name).toLowerCase());
      if (!(output instanceof JobOutput)) {
        problems.push(`call output "${name}" is ${JSON.stringify(output) ?? String(output)}; give a job output of this workflow, for example build.output('image').`);
      } else if (output.job.workflow !== this) {
        problems.push(`call output "${name}" reads job "${output.job.jobId}" of workflow "${output.job.workflow.workflowId}"; it can only read jobs of this workflow.`);
      } else if (!output.job._outputNames().includes(output.name) && output.job._outputsKnown) {
        problems.push(`call output "${name}" reads output "${output.name}" of job "${output.job.jobId}", which does not declare it; declare it in that job's outputs.`);
      }
    }
    return problems;
  }

  /** The rendered workflow with every override applied, and what could not be applied. */
  private renderWithOverrides(models: JobModels, lazyJobs: boolean): { rendered: ReturnType<typeof renderWorkflow>; problems: string[] } {
    const problems: string[] = [];
    const jobOverrides = new Map<string, Overrides>(models.filter(([job]) => !job._overrides.isEmpty).map(([job]) => [job.jobId, job._overrides]));
    // A workflow override below `jobs` needs the jobs as plain data.
    const lazy = lazyJobs && !this.overrides.entries.some((o) => o.keys[0] === 'jobs');
    const rendered = renderWorkflow(this.toModel(models), lazy, (id, job) => {
      problems.push(...(jobOverrides.get(id)?.applyTo(job) ?? []).map((p) => `${constructPath(this)}/${id}: ${p}`));
      return job;
    });
    problems.push(...this.overrides.applyTo(rendered as { [key: string]: unknown }).map((p) => `${constructPath(this)}: ${p}`));
    return { rendered, problems };
  }

  private toModel(models: JobModels): WorkflowModel {
    const outputs: { [name: string]: CallOutputModel } = {};
    for (const o of this.callOutputs) {
      outputs[o.name] = { description: o.description, value: expr(`jobs.${o.output.job.jobId}.outputs.${o.output.name}`) };
    }
    return {
      name: this.displayName,
      runName: this.props.runName,
      on: triggersToModel(this.props.triggers, outputs),
      permissions: {},
      ...workflowOptionsToModel(this.props, this.workflowId),
      jobs: [...models.map(([job, model]) => [job.jobId, model] as const), ...this.resultJob(models)],
    };
  }

  /** The result job, if the workflow has one, after every other job. */
  private resultJob(models: JobModels): [string, JobModel][] {
    const options = this._resultJob;
    if (options === undefined || models.length === 0) {
      return [];
    }
    const inputs = models.map(([job, model]) => ({ id: job.jobId, model, outputPresentWhen: (name: string) => job._outputPresentWhen(name) }));
    return [[options.id, resultJobModel(inputs, options)]];
  }

  private validateWorkflow(): string[] {
    const jobs = this.jobs;
    const problems = [
      ...workflowPropsProblems(this.props, this.workflowId),
      ...this._actions.validate(),
      ...this.overrides.problems('addOverride'),
      ...workflowFlagProblems(this.props),
      ...jobSetProblems(jobs),
      ...this.callOutputProblems(),
    ];
    if (this.props.result !== undefined || this._resultJob !== undefined) {
      problems.push(...workflowResultProblems(this.props.result, jobs.map((job) => job.jobId)));
    }
    if (this._reaches(this, new Set())) {
      problems.push('calls itself through its reusable workflow jobs (a workflow_call cycle); GitHub refuses such a chain, so remove one of the calls.');
    }
    return problems;
  }

  /** True when a workflow this one calls (directly or further down) is `target`. @internal */
  public _reaches(target: Workflow, seen: Set<Workflow>): boolean {
    for (const called of this._calledWorkflows()) {
      if (called === target) {
        return true;
      }
      if (!seen.has(called)) {
        seen.add(called);
        if (called._reaches(target, seen)) {
          return true;
        }
      }
    }
    return false;
  }
}
