/**
 * What the fork fallback reads of a container job (see
 * `ContainerTestJob._forkView`): enough to replay its `run:` steps with
 * `docker run`.
 */
import type { ServiceContainer } from '../jobs/services';
import type { Step } from '../jobs/step';
import type { TestReport } from '../jobs/test-reports';

/** What the fork fallback reads of a container job. */
export interface ForkView {
  readonly steps: Step[];
  readonly env: { [name: string]: string };
  readonly shell?: string;
  readonly options?: string;
  readonly services: ServiceContainer[];
  readonly strategy: boolean;
  readonly readsOtherJobs: boolean;
  readonly reports: TestReport[];
  /** Where the container job checks the repository out, relative to the workspace. */
  readonly checkoutPath?: string;
}
