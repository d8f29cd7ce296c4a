/**
 * A reusable workflow's interface (`on.workflow_call`): typed inputs, the
 * secrets it takes, and the outputs its callers read.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_call
 */
import { typedDefault } from './dispatch-inputs';
import { DOCS, seeDocs } from '../validation/docs-links';

/** The type of a `workflow_call` input. */
export enum WorkflowCallInputType {
  /** Text; `inputs.<name>` is a string. */
  STRING = 'string',
  /** `true`/`false`; `inputs.<name>` is a boolean. */
  BOOLEAN = 'boolean',
  /** A number; `inputs.<name>` is a number. */
  NUMBER = 'number',
}

/** One input of a reusable workflow. Read it in its jobs as `${{ inputs.<name> }}`. */
export interface WorkflowCallInput {
  /** The input's type. */
  readonly type: WorkflowCallInputType;
  /**
   * Shown to the authors of calling workflows.
   * @default - none
   */
  readonly description?: string;
  /**
   * A caller must give it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * The value when a caller gives none (`'true'`/`'false'` for a boolean, a
   * decimal number for a number; written with the input's type).
   * @default - none ('', false or 0)
   */
  readonly default?: string;
}

/** One secret a reusable workflow takes. Read it in its jobs as `${{ secrets.<name> }}`. */
export interface WorkflowCallSecret {
  /**
   * Shown to the authors of calling workflows.
   * @default - none
   */
  readonly description?: string;
  /**
   * A caller must pass it.
   * @default false
   */
  readonly required?: boolean;
}

/** The `workflow_call` event: the workflow can be called by other workflows' jobs. */
export interface WorkflowCallTrigger {
  /**
   * Typed inputs a caller passes with `with:`.
   * @default - none
   */
  readonly inputs?: { [name: string]: WorkflowCallInput };
  /**
   * Secrets a caller passes (or inherits).
   * @default - none
   */
  readonly secrets?: { [name: string]: WorkflowCallSecret };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** A call output as written: its description and `${{ jobs.<id>.outputs.<name> }}`. */
export interface CallOutputModel {
  readonly description?: string;
  readonly value: string;
}

/** The `workflow_call:` map with GitHub's keys; `outputs` already rendered. */
export function workflowCallToModel(trigger: WorkflowCallTrigger, outputs: { [name: string]: CallOutputModel }): { [key: string]: unknown } {
  const inputs = Object.entries(trigger.inputs ?? {}).map(([name, input]) => {
    const def = typedDefault(input.type, input.default);
    return [name, { description: input.description, required: input.required, default: def, type: input.type }] as const;
  });
  // A secret without options is written `{}` (GitHub's `null` form is not read back the same by every YAML reader).
  const secrets = Object.entries(trigger.secrets ?? {}).map(([name, s]) =>
    [name, s.description === undefined && s.required === undefined ? {} : { description: s.description, required: s.required }] as const);
  return {
    inputs: inputs.length > 0 ? Object.fromEntries(inputs) : undefined,
    outputs: Object.keys(outputs).length > 0 ? outputs : undefined,
    secrets: secrets.length > 0 ? Object.fromEntries(secrets) : undefined,
  };
}

/** Problems with `triggers.workflowCall`. */
export function workflowCallProblems(trigger: unknown): string[] {
  const at = 'triggers.workflowCall';
  if (trigger === null || typeof trigger !== 'object' || Array.isArray(trigger)) {
    return [`${at} is ${show(trigger)}; give { inputs, secrets } or {} for a workflow other workflows can call.`];
  }
  const t = trigger as WorkflowCallTrigger;
  const problems: string[] = [];
  for (const [list, value] of [['inputs', t.inputs], ['secrets', t.secrets]] as const) {
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      problems.push(`${at}.${list} is ${show(value)}; map each name to its options.${seeDocs(DOCS.reusableWorkflows)}`);
      continue;
    }
    const seen = new Map<string, string>();
    for (const name of Object.keys(value ?? {})) {
      if (!NAME.test(name)) {
        problems.push(`${at}.${list} has the name ${JSON.stringify(name)}; a name starts with a letter or _ and contains only letters, digits, - and _.`);
      }
      const first = seen.get(name.toLowerCase());
      if (first !== undefined) {
        problems.push(`${at}.${list} has both ${JSON.stringify(first)} and ${JSON.stringify(name)}, which GitHub reads as the same name; keep one.`);
      }
      seen.set(name.toLowerCase(), name);
    }
  }
  for (const [name, input] of Object.entries(t.inputs ?? {})) {
    problems.push(...inputProblems(`${at}.inputs.${name}`, input));
  }
  for (const [name, secret] of Object.entries(t.secrets ?? {})) {
    if (secret === null || typeof secret !== 'object') {
      problems.push(`${at}.secrets.${name} is ${show(secret)}; give { required: true } or {}.`);
    } else if (secret.required !== undefined && typeof secret.required !== 'boolean') {
      problems.push(`${at}.secrets.${name}.required is ${show(secret.required)}; use true or false.`);
    }
    if (name.toUpperCase() === 'GITHUB_TOKEN') {
      problems.push(`${at}.secrets.${name} is the workflow's own token, which every called workflow gets; remove it.`);
    }
  }
  return problems;
}

function inputProblems(at: string, input: WorkflowCallInput | null): string[] {
  if (input === null || typeof input !== 'object') {
    return [`${at} is ${show(input)}; give its type, for example { type: WorkflowCallInputType.STRING }.`];
  }
  const problems: string[] = [];
  if (!Object.values(WorkflowCallInputType).includes(input.type)) {
    return [`${at}.type is ${show(input.type)}; use WorkflowCallInputType.STRING, BOOLEAN or NUMBER.${seeDocs(DOCS.reusableWorkflows)}`];
  }
  const def = input.default as unknown;
  if (def !== undefined && typeof def !== 'string') {
    problems.push(`${at}.default is ${show(def)}; give it as a string, e.g. 'true' or '4'.`);
  } else if (input.type === WorkflowCallInputType.BOOLEAN && def !== undefined && def !== 'true' && def !== 'false') {
    problems.push(`${at}.default is "${def}"; a BOOLEAN input defaults to 'true' or 'false'.`);
  } else if (input.type === WorkflowCallInputType.NUMBER && def !== undefined && (!DECIMAL.test(def as string) || !Number.isFinite(Number(def)))) {
    problems.push(`${at}.default is "${def}"; a NUMBER input defaults to a decimal number, for example '4'.`);
  }
  if (input.required !== undefined && typeof input.required !== 'boolean') {
    problems.push(`${at}.required is ${show(input.required)}; use true or false.`);
  }
  return problems;
}
