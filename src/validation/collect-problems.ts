import { IConstruct } from 'constructs';
import { constructPath } from './construct-path';

/** A check that returns one message per problem (empty when all is well). */
export type ProblemCheck = () => string[];

/**
 * The checks registered for each construct. We keep our own registry instead
 * of `node.addValidation()` because `constructs` refuses to run validations
 * on any construct that has a `synthesize()` method, and every projen
 * `Component` (so every `Workflow`) has one.
 */
const CHECKS = new WeakMap<IConstruct, ProblemCheck[]>();

/** Registers `check` to run whenever the tree holding `construct` is validated. */
export function addProblemCheck(construct: IConstruct, check: ProblemCheck): void {
  CHECKS.set(construct, [...(CHECKS.get(construct) ?? []), check]);
}

/**
 * Runs the checks registered on `root` and every construct below it, and
 * returns all messages, each prefixed with the path of the construct that
 * reported it. Order follows the construct tree, which follows declaration
 * order, so the list is deterministic.
 */
export function collectProblems(root: IConstruct): string[] {
  const outer = validationMemo;
  validationMemo = new Map();
  try {
    return runChecks(root);
  } finally {
    validationMemo = outer;
  }
}

/** What checks computed once for the whole validation under way (see {@link oncePerValidation}). */
let validationMemo: Map<object, Map<string, unknown>> | undefined;

/**
 * `compute()`, computed once per validation for `owner` and `name`: a check
 * registered on every build job that looks at the whole project (collisions)
 * would otherwise redo the same project-wide work once per job, quadratic in
 * the number of jobs. Outside a validation it is computed each time.
 */
export function oncePerValidation<T>(owner: object, name: string, compute: () => T): T {
  if (validationMemo === undefined) {
    return compute();
  }
  const byName = validationMemo.get(owner) ?? new Map<string, unknown>();
  validationMemo.set(owner, byName);
  if (!byName.has(name)) {
    byName.set(name, compute());
  }
  return byName.get(name) as T;
}

function runChecks(root: IConstruct): string[] {
  const problems: string[] = [];
  for (const construct of root.node.findAll()) {
    const messages = (CHECKS.get(construct) ?? []).flatMap((check) => check());
    // Validations added the standard way (`node.addValidation()`), e.g. by a job kind of a user's own,
    // on every construct `constructs` can validate (not projen components).
    if (!CANNOT_VALIDATE.some((method) => typeof (construct as unknown as { [m: string]: unknown })[method] === 'function')) {
      messages.push(...construct.node.validate());
    }
    for (const message of messages) {
      problems.push(`${constructPath(construct)}: ${message}`);
    }
  }
  return problems;
}

/** Methods that make `constructs` refuse `node.validate()` (every projen component has `synthesize`). */
const CANNOT_VALIDATE = ['validate', 'onValidate', 'synthesize', 'onSynthesize', 'prepare', 'onPrepare'];
