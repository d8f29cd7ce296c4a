/**
 * The one error type of this library: every problem found in a construct
 * graph, each prefixed with the path of the construct it concerns.
 *
 * It is thrown before any file is written, so a refused synthesis never leaves
 * a half-written workflow behind.
 */
export class WorkflowValidationError extends Error {
  /** Each problem, formatted as `<construct path>: <what is wrong and how to fix it>`. */
  public readonly problems: string[];

  constructor(problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`projen-docker-ci found ${count}; nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkflowValidationError';
    this.problems = problems;
    // Keep `instanceof` working when TypeScript targets ES5-style classes.
    Object.setPrototypeOf(this, WorkflowValidationError.prototype);
  }
}
