/**
 * The workflow's `concurrency:`: which runs replace each other.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#concurrency
 */
import { expr } from '../expressions/expressions';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { ConcurrencyModel } from '../workflow/workflow-model';

/** Options of {@link Concurrency.group}. */
export interface ConcurrencyGroupOptions {
  /**
   * Cancel the running run of the group when a new one starts.
   * @default false
   */
  readonly cancelInProgress?: boolean;
}

/**
 * Which runs of a workflow may run at the same time. GitHub keeps at most
 * one running and one pending run per group: a new run replaces the pending
 * one, and with `cancel-in-progress` also the running one.
 */
export class Concurrency {
  /**
   * The default: a new push to a pull request cancels the runs of that pull
   * request still in progress (their results are stale). Every other run
   * (pushes to the default branch, tags, schedules, merge queues, manual
   * runs) gets a group of its own, so it is never cancelled, not even while
   * pending: grouping pushes by branch would let GitHub drop a pending run of
   * the default branch when the next push arrives.
   */
  public static cancelSupersededPullRequests(): Concurrency {
    return new Concurrency('superseded', undefined, undefined);
  }

  /** No `concurrency:`: every run runs, none is cancelled. */
  public static none(): Concurrency {
    return new Concurrency('none', undefined, undefined);
  }

  /**
   * A group of your own, e.g. `deploy-${{ github.ref }}`.
   * @param name the group; may contain expressions (`github`, `inputs`, `vars`)
   */
  public static group(name: string, options: ConcurrencyGroupOptions = {}): Concurrency {
    return new Concurrency('custom', name, options?.cancelInProgress);
  }

  private constructor(
    private readonly kind: 'superseded' | 'none' | 'custom',
    private readonly groupName: string | undefined,
    private readonly cancelInProgress: boolean | undefined,
  ) {}

  /**
   * The `concurrency:` of a workflow or job, or `undefined` for none;
   * `prefix` starts the default group (the workflow id, or `<workflow>-<job>`).
   * @internal
   */
  public _toModel(prefix: string): ConcurrencyModel | undefined {
    switch (this.kind) {
      case 'none':
        return undefined;
      case 'custom':
        return { group: this.groupName!, cancelInProgress: this.cancelInProgress ?? false };
      default:
        return {
          group: `${prefix}-${expr("github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number) || github.run_id")}`,
          cancelInProgress: expr("github.event_name == 'pull_request'"),
        };
    }
  }

  /**
   * Problems, each saying how to fix it; a job's group (`jobLevel`) may also
   * read `needs`, `strategy` and `matrix`.
   * @internal
   */
  public _validate(jobLevel = false): string[] {
    if (this.kind !== 'custom') {
      return [];
    }
    const problems: string[] = [];
    if (typeof this.groupName !== 'string' || this.groupName.trim() === '') {
      problems.push(`concurrency group is ${JSON.stringify(this.groupName) ?? String(this.groupName)}; give a group name such as "deploy-\${{ github.ref }}", or use Concurrency.none().`);
    } else if ((jobLevel ? /\$\{\{[^}]*\b(?:secrets|env|steps)\./ : /\$\{\{[^}]*\b(?:secrets|env|needs|steps|matrix)\./).test(this.groupName)) {
      problems.push(jobLevel
        ? `concurrency group reads a context that is not available there; use only github, inputs, vars, needs, strategy and matrix.${seeDocs(DOCS.concurrency)}`
        : `concurrency group reads a context that is not available at workflow level; use only github, inputs and vars.${seeDocs(DOCS.concurrency)}`);
    }
    if (this.cancelInProgress !== undefined && typeof this.cancelInProgress !== 'boolean') {
      problems.push(`concurrency cancelInProgress is ${JSON.stringify(this.cancelInProgress) ?? String(this.cancelInProgress)}; use true or false.`);
    }
    return problems;
  }
}

/**
 * Problems with a `concurrency` prop (anything but a {@link Concurrency});
 * `label` is given for a job's, which may read more contexts.
 */
export function concurrencyProblems(concurrency: unknown, jobLabel?: string): string[] {
  if (concurrency === undefined) {
    return [];
  }
  if (!(concurrency instanceof Concurrency)) {
    return [`${jobLabel ?? 'concurrency'} is ${JSON.stringify(concurrency) ?? String(concurrency)}; use ${jobLabel === undefined ? 'Concurrency.cancelSupersededPullRequests() (the default), ' : ''}Concurrency.none() or Concurrency.group('name').`];
  }
  return concurrency._validate(jobLabel !== undefined);
}
