import { Job } from './job';
import type { CommonJobProps } from './job-props';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import type { Step } from './step';
import { textProblems } from './step-validation';
import { addProblemCheck } from '../validation/collect-problems';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { Workflow } from '../workflow/workflow';
import type { WorkflowCallInputType } from '../workflow/workflow-call';
import type { JobModel } from '../workflow/workflow-model';

/** Options of a {@link ReusableWorkflowJob}. */
export interface ReusableWorkflowJobProps extends CommonJobProps {
  /**
   * The reusable workflow to call: `./.github/workflows/<file>.yml` in this
   * repository, or `<owner>/<repo>/.github/workflows/<file>.yml@<ref>` (pin
   * `<ref>` to a commit SHA). Exactly one of `uses` and `workflow`.
   * @default - set `workflow` instead
   */
  readonly uses?: string;
  /**
   * A workflow of this project with a `workflowCall` trigger: the job calls
   * its file, `with` and `secrets` are checked against its inputs and
   * secrets, its outputs can be read with `job.output(name)`, and the job
   * gets the token permissions its jobs need.
   * @default - set `uses` instead
   */
  readonly workflow?: Workflow;
  /**
   * The called workflow's inputs: strings, numbers or booleans (or
   * expressions, e.g. `${{ needs.plan.outputs.tag }}`).
   * @default - none
   */
  readonly with?: { [name: string]: any };
  /**
   * Secrets to pass, name to expression (`${{ secrets.DEPLOY_KEY }}`).
   * @default - none
   */
  readonly secrets?: { [name: string]: string };
  /**
   * Pass every secret of the calling workflow (`secrets: inherit`). Prefer
   * naming the ones the called workflow needs in `secrets`.
   * @default false
   */
  readonly inheritSecrets?: boolean;
  /**
   * The outputs of a called workflow given by `uses`, so that reads of
   * other names through `needs` are refused (with `workflow` they are known).
   * @default - any name may be read
   */
  readonly outputNames?: string[];
}

/** `./.github/workflows/x.yml`, or `owner/repo/.github/workflows/x.yml@ref`. */
const LOCAL = /^\.\/\.github\/workflows\/[^/\s]+\.ya?ml$/;
const REMOTE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/\.github\/workflows\/[^/@\s]+\.ya?ml@[A-Za-z0-9_./-]+$/;

/**
 * A job that calls a reusable workflow (`uses:` at job level, with `with`
 * and `secrets`). It has no runner and no steps of its own; its outputs are
 * the called workflow's.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_iduses
 */
export class ReusableWorkflowJob extends Job {
  private readonly callProps: ReusableWorkflowJobProps;

  constructor(workflow: Workflow, id: string, props: ReusableWorkflowJobProps) {
    super(workflow, id, props);
    this.callProps = props ?? {};
    addProblemCheck(this, () => this.validateCall());
  }

  /** The `uses:` reference this job calls. */
  public get uses(): string {
    const called = this.callProps.workflow;
    return called !== undefined ? `./${called.filePath}` : this.callProps.uses ?? '';
  }

  /** @internal */
  public _outputNames(): string[] {
    return this.callProps.workflow?._callOutputNames() ?? this.callProps.outputNames ?? [];
  }

  /** @internal */
  public get _calledWorkflow(): Workflow | undefined {
    return this.callProps.workflow;
  }

  /** With `uses`, and without `outputNames`, any name may be read. @internal */
  public get _outputsKnown(): boolean {
    return this.callProps.workflow !== undefined || this.callProps.outputNames !== undefined;
  }

  protected renderSteps(): Step[] {
    return [];
  }

  protected requiredPermissions(): PermissionRequirement[] {
    const called = this.callProps.workflow;
    // A call chain back to this workflow is refused (Workflow checks it); following it would never end.
    if (called === undefined || called === this.workflow || typeof called._jobPermissions !== 'function' || called._reaches(this.workflow, new Set())) {
      return [];
    }
    // The caller's token caps the called workflow's jobs: give it what they need.
    return Object.entries(called._jobPermissions()).map(([scope, level]) => ({
      scope,
      level: level as PermissionLevel,
      neededBy: `the jobs of workflow "${called.workflowId}" that ReusableWorkflowJob "${this.jobId}" calls`,
    }));
  }

  /** @internal */
  public _toModel(): JobModel {
    const common = super._toModel();
    const p = this.callProps;
    return {
      name: common.name,
      needs: common.needs,
      if: common.if,
      runsOn: [],
      permissions: common.permissions,
      concurrency: common.concurrency,
      strategy: common.strategy,
      uses: this.uses,
      with: p.with && Object.keys(p.with).length > 0 ? { ...p.with } : undefined,
      secrets: p.inheritSecrets === true ? 'inherit' : p.secrets && Object.keys(p.secrets).length > 0 ? { ...p.secrets } : undefined,
      steps: [],
    };
  }

  private validateCall(): string[] {
    const p = this.callProps;
    const problems: string[] = [];
    const called = p.workflow as unknown;
    if ((p.uses === undefined) === (called === undefined)) {
      return [`sets ${p.uses === undefined ? 'neither uses nor workflow' : 'both uses and workflow'}; set exactly one: uses for a workflow file ('./.github/workflows/deploy.yml' or 'owner/repo/.github/workflows/x.yml@<sha>'), workflow for a Workflow of this project.${seeDocs(DOCS.reusableWorkflows)}`];
    }
    if (p.uses !== undefined && (typeof p.uses !== 'string' || (!LOCAL.test(p.uses) && !REMOTE.test(p.uses)))) {
      problems.push(`uses is ${JSON.stringify(p.uses) ?? String(p.uses)}; give ./.github/workflows/<file>.yml or <owner>/<repo>/.github/workflows/<file>.yml@<ref>.${seeDocs(DOCS.reusableWorkflows)}`);
    }
    const with_ = p.with as unknown;
    if (with_ !== undefined && (with_ === null || typeof with_ !== 'object' || Array.isArray(with_)
      || Object.values(with_).some((v) => !['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'number' && !Number.isFinite(v))))) {
      problems.push(`with is ${JSON.stringify(with_) ?? String(with_)}; map each input to a string, number or boolean.`);
    } else {
      problems.push(...textProblems(Object.entries(p.with ?? {}).map(([k, v]) => [`with.${k}`, v] as const), ''));
    }
    const secrets = p.secrets as unknown;
    if (secrets !== undefined) {
      if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets) || Object.values(secrets).some((v) => typeof v !== 'string' || !/^\$\{\{[^}]+\}\}$/.test(v.trim()))) {
        problems.push(`secrets is ${JSON.stringify(secrets) ?? String(secrets)}; map each secret name to an expression, for example { DEPLOY_KEY: '\${{ secrets.DEPLOY_KEY }}' }.`);
      }
      if (p.inheritSecrets === true) {
        problems.push('sets secrets and inheritSecrets; keep one (secrets names what the called workflow gets, inheritSecrets passes all).');
      }
    }
    if (p.inheritSecrets !== undefined && typeof p.inheritSecrets !== 'boolean') {
      problems.push(`inheritSecrets is ${JSON.stringify(p.inheritSecrets) ?? String(p.inheritSecrets)}; use true or false.`);
    }
    if (called !== undefined) {
      problems.push(...this.calledWorkflowProblems(called));
    }
    return problems;
  }

  /** `workflow`: a callable workflow of this project, and `with`/`secrets` that fit its interface. */
  private calledWorkflowProblems(called: unknown): string[] {
    const w = called as Workflow;
    if (w === null || typeof w !== 'object' || typeof w._callInterface !== 'function') {
      return [`workflow is ${JSON.stringify(called) ?? String(called)}; pass a Workflow of this project that has a workflowCall trigger, or use uses.`];
    }
    if (w === this.workflow) {
      return [`workflow is the workflow "${w.workflowId}" this job belongs to; a workflow cannot call itself.`];
    }
    if (w.project !== this.workflow.project) {
      return [`workflow "${w.workflowId}" belongs to another projen project; give its file with uses instead.`];
    }
    const api = w._callInterface();
    if (api === undefined) {
      return [`workflow "${w.workflowId}" has no workflowCall trigger, so it cannot be called; add triggers.workflowCall to it.${seeDocs(DOCS.reusableWorkflows)}`];
    }
    const problems: string[] = [];
    const given = this.callProps.with ?? {};
    const lowerGiven = Object.keys(given).map((k) => k.toLowerCase());
    for (const [name, value] of Object.entries(given)) {
      const input = Object.entries(api.inputs).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
      if (input === undefined) {
        problems.push(`with.${name} is not an input of workflow "${w.workflowId}"${Object.keys(api.inputs).length > 0 ? ` (it takes ${Object.keys(api.inputs).join(', ')})` : ' (it takes none)'}; fix the name or declare the input.`);
      } else if (typeof value !== 'string' || !value.includes('${{')) {
        // The enum's values are GitHub's type names.
        const type = typeof value as string;
        if (type !== (input.type as WorkflowCallInputType as string)) {
          problems.push(`with.${name} is ${JSON.stringify(value)}, but input "${name}" of workflow "${w.workflowId}" is a ${input.type}; pass a ${input.type}.`);
        }
      }
    }
    for (const [name, input] of Object.entries(api.inputs)) {
      if (input.required === true && input.default === undefined && !lowerGiven.includes(name.toLowerCase())) {
        problems.push(`does not pass the required input "${name}" of workflow "${w.workflowId}"; add it to with.`);
      }
    }
    if (this.callProps.inheritSecrets !== true) {
      const passed = Object.keys(this.callProps.secrets ?? {}).map((k) => k.toLowerCase());
      for (const name of Object.keys(this.callProps.secrets ?? {})) {
        if (!Object.keys(api.secrets).some((k) => k.toLowerCase() === name.toLowerCase())) {
          problems.push(`secrets.${name} is not a secret of workflow "${w.workflowId}"${Object.keys(api.secrets).length > 0 ? ` (it takes ${Object.keys(api.secrets).join(', ')})` : ' (it takes none)'}; fix the name or declare the secret.`);
        }
      }
      for (const [name, secret] of Object.entries(api.secrets)) {
        if (secret.required === true && !passed.includes(name.toLowerCase())) {
          problems.push(`does not pass the required secret "${name}" of workflow "${w.workflowId}"; add it to secrets (or set inheritSecrets).`);
        }
      }
    }
    if (this.callProps.outputNames !== undefined) {
      problems.push(`sets outputNames with workflow; the outputs of workflow "${w.workflowId}" are known (add them with addCallOutput), so remove outputNames.`);
    }
    return problems;
  }
}
