/**
 * Job outputs as objects: a consumer that reads one `needs` the producing
 * job automatically, so nobody hand-types `needs.<job>.outputs.<name>`.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idoutputs
 */
import type { Job } from './job';
import { expr } from '../expressions/expressions';

/**
 * One output of a job, e.g. `build.output('image')`. Hand it to another
 * job's `outputEnv` to read it there: that job then `needs` this one.
 */
export class JobOutput {
  /**
   * The expression of a step output, `${{ steps.<stepId>.outputs.<name> }}`,
   * to declare as a job output (a step writes it with
   * `echo "name=value" >> "$GITHUB_OUTPUT"`).
   */
  public static fromStep(stepId: string, name: string): string {
    return expr(`steps.${stepId}.outputs.${name}`);
  }

  /**
   * @param job the job that produces the output
   * @param name the output name
   */
  constructor(public readonly job: Job, public readonly name: string) {}

  /** The expression without `${{ }}`: `needs.<job>.outputs.<name>`. */
  public get expression(): string {
    return `needs.${this.job.jobId}.outputs.${this.name}`;
  }

  /** The expression in `${{ }}`, for a job that already `needs` the producer. */
  public get value(): string {
    return expr(this.expression);
  }
}

/** GitHub's rule for output names (as for ids). */
export const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An environment variable name a shell can read. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
