/**
 * The options of a job that runs inside a built image, beyond the keys every
 * job has: container options, shell, checkout and test reports.
 */
import type { CheckoutOptions } from '../jobs/checkout';
import { containerOptionsString, optionsProblems, runAsRootProblems } from '../jobs/container-options';
import { shellProblems } from '../jobs/shell';
import type { TestReport } from '../jobs/test-reports';

/** Options of a job that runs inside a container. */
export interface ContainerJobOptions {
  /**
   * Docker `create` options for the job container, as GitHub's single
   * string (e.g. `--cpus 2 --shm-size 1g`). `--network` and `--entrypoint`
   * are refused: GitHub does not allow them.
   * @default - none
   */
  readonly options?: string;
  /**
   * Run the container as root (`--user root`). An image whose Dockerfile
   * ends with a non-root `USER` cannot write to the workspace GitHub mounts
   * (owned by the runner's user), so the checkout fails with `EACCES`;
   * running as root is the usual fix. Prefer an image without `USER` for CI.
   * @default false
   */
  readonly runAsRoot?: boolean;
  /**
   * The shell for every `run:` step without its own (`defaults.run.shell`).
   * Inside a container GitHub's default is `sh`; set `bash` when the image
   * has it and the scripts need it (`bash` runs with `-eo pipefail`).
   * Not together with `defaults.shell`.
   * @default - GitHub's default (`sh` inside a container)
   */
  readonly shell?: string;
  /**
   * The checkout before the steps: turn it off or configure it.
   * @default - a shallow checkout of the commit, credentials not persisted
   */
  readonly checkout?: CheckoutOptions;
  /**
   * Test reports (JUnit XML, coverage...) to upload as artifacts after the
   * steps, even when a step failed.
   * @default - none
   */
  readonly reports?: TestReport[];
}

/** The `container.options` string. */
export function containerOptions(options: ContainerJobOptions): string | undefined {
  return containerOptionsString(options.options, options.runAsRoot);
}

/** Problems with the options (checkout and reports are checked by the runner job). */
export function containerJobOptionProblems(options: ContainerJobOptions, defaultsShell: unknown): string[] {
  const problems: string[] = [];
  problems.push(...optionsProblems(options.options, 'options'));
  problems.push(...runAsRootProblems(options.options, options.runAsRoot));
  problems.push(...shellProblems(options.shell, 'shell'));
  if (options.shell !== undefined && defaultsShell !== undefined) {
    problems.push('sets shell and defaults.shell; keep one (shell is the same as defaults.shell).');
  }
  return problems;
}
