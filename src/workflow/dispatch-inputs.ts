/**
 * Typed inputs of a manually started (`workflow_dispatch`) run.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs
 */
import { expr } from '../expressions/expressions';
import { DOCS, seeDocs } from '../validation/docs-links';

/** The type of a `workflow_dispatch` input (how GitHub's form asks for it). */
export enum DispatchInputType {
  /** Free text. */
  STRING = 'string',
  /** A checkbox; read as `true`/`false`. */
  BOOLEAN = 'boolean',
  /** A drop-down of `options`. */
  CHOICE = 'choice',
  /** One of the repository's environments. */
  ENVIRONMENT = 'environment',
  /** A number; `inputs.<name>` is a number in expressions. */
  NUMBER = 'number',
}

/** One input of a manual run. Read it in the workflow as `DispatchInput.value('name')`. */
export interface DispatchInput {
  /**
   * Shown in the run form.
   * @default - none
   */
  readonly description?: string;
  /**
   * The input type.
   * @default DispatchInputType.STRING
   */
  readonly type?: DispatchInputType;
  /**
   * The form refuses to start a run without it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * The value when none is given (`'true'`/`'false'` for a boolean, one of `options` for a
   * choice, a decimal number such as `'4'` for a number; written as a boolean or number).
   * @default - none ('' or false)
   */
  readonly default?: string;
  /**
   * The choices of a `CHOICE` input.
   * @default - none (required for CHOICE)
   */
  readonly options?: string[];
}

/** Helpers for dispatch inputs. */
export class DispatchInputs {
  /** `${{ inputs.<name> }}`; pass it to scripts through `env`, never inline in `run:`. */
  public static value(name: string): string {
    return expr(`inputs.${name}`);
  }

  private constructor() {}
}

type InputModel = { [key: string]: string | number | boolean | string[] | undefined };

/** A decimal number as GitHub's form takes it: digits, an optional sign, fraction and exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** GitHub's limit on the inputs of one workflow_dispatch. */
const MAX_INPUTS = 25;

/** An input's default as GitHub reads it: a boolean or number input's written as a boolean or number. */
export function typedDefault(type: string, def: string | undefined): string | number | boolean | undefined {
  return def === undefined ? undefined : type === 'boolean' ? def === 'true' : type === 'number' ? Number(def) : def;
}

/** The `inputs:` map with GitHub's keys; a boolean or number default written as a boolean or number. */
export function dispatchInputsToModel(inputs: { [name: string]: DispatchInput }): { [name: string]: InputModel } {
  const result: { [name: string]: InputModel } = {};
  for (const [name, input] of Object.entries(inputs)) {
    const type = input.type ?? DispatchInputType.STRING;
    const def = typedDefault(type, input.default);
    result[name] = { description: input.description, required: input.required, default: def, type, options: input.options && [...input.options] };
  }
  return result;
}

/** Problems with `triggers.workflowDispatch.inputs`. */
export function dispatchInputsProblems(inputs: unknown): string[] {
  if (inputs === undefined) {
    return [];
  }
  const at = 'triggers.workflowDispatch.inputs';
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs)) {
    return [`${at} is ${JSON.stringify(inputs) ?? String(inputs)}; map each input name to its options, for example { dryRun: { type: DispatchInputType.BOOLEAN, default: 'false' } }.`];
  }
  const entries = Object.entries(inputs as { [name: string]: DispatchInput | null });
  const problems: string[] = [];
  if (entries.length > MAX_INPUTS) {
    problems.push(`${at} has ${entries.length} inputs; GitHub allows at most ${MAX_INPUTS}.${seeDocs(DOCS.dispatchInputs)}`);
  }
  for (const [name, input] of entries) {
    if (!INPUT_NAME.test(name)) {
      problems.push(`${at} has the name ${JSON.stringify(name)}; an input name starts with a letter or _ and contains only letters, digits, - and _.`);
    }
    if (input === null || typeof input !== 'object') {
      problems.push(`${at}.${name} is ${JSON.stringify(input) ?? String(input)}; give its options, for example { description: '...', required: true }.`);
      continue;
    }
    const type = input.type ?? DispatchInputType.STRING;
    if (!Object.values(DispatchInputType).includes(type)) {
      problems.push(`${at}.${name}.type is ${JSON.stringify(type)}; use DispatchInputType.STRING, BOOLEAN, CHOICE, ENVIRONMENT or NUMBER.`);
      continue;
    }
    const options = input.options as unknown;
    if (type === DispatchInputType.CHOICE) {
      if (!Array.isArray(options) || options.length === 0 || options.some((o) => typeof o !== 'string' || o === '')) {
        problems.push(`${at}.${name} is a CHOICE input without options; list the choices, for example options: ['staging', 'production'].`);
      } else if (input.default !== undefined && !options.includes(input.default)) {
        problems.push(`${at}.${name}.default "${input.default}" is not one of its options (${options.join(', ')}).`);
      }
    } else if (options !== undefined) {
      problems.push(`${at}.${name} sets options, which only a CHOICE input has; set type: DispatchInputType.CHOICE or remove options.`);
    }
    const def = input.default as unknown;
    if (def !== undefined && typeof def !== 'string') {
      problems.push(`${at}.${name}.default is ${JSON.stringify(def) ?? String(def)}; give it as a string, e.g. 'true'.`);
    } else if (type === DispatchInputType.BOOLEAN && def !== undefined && def !== 'true' && def !== 'false') {
      problems.push(`${at}.${name}.default is "${def}"; a BOOLEAN input defaults to 'true' or 'false'.`);
    } else if (type === DispatchInputType.NUMBER && def !== undefined && (!DECIMAL.test(def) || !Number.isFinite(Number(def)))) {
      problems.push(`${at}.${name}.default is "${def}"; a NUMBER input defaults to a decimal number, for example '4' or '0.5'.`);
    }
    if (input.required !== undefined && typeof input.required !== 'boolean') {
      problems.push(`${at}.${name}.required is ${JSON.stringify(input.required)}; use true or false.`);
    }
  }
  return problems;
}
