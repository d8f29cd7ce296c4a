/**
 * The graphs `npm run bench` measures (scripts/bench.ts), kept apart from the
 * timing code so that test/bench/bench-graph.test.ts can check, untimed, that
 * they still build what the bench claims to measure.
 *
 * A graph of `n` jobs is `n / 2` build jobs and `n / 2` container jobs; the
 * container job `test_<i>` runs in the image of `build_<i>`. The same graph is
 * built three ways:
 *   (a) with this library's constructs (`Workflow`, `DockerBuildJob`, ...);
 *   (b) with projen's own `github.GithubWorkflow`, written out job by job the
 *       way a `.projenrc.ts` would, with the same jobs, steps, needs,
 *       permissions and container;
 *   (c) as the final plain object, for `yaml.stringify` alone (the floor).
 */
import { github, Project } from 'projen';
import type * as Library from '../src';
import { ACTION_TABLE, ActionKey } from '../src/actions/action-table';

/** The library's module: `lib/` (compiled) in the bench, `src/` in tests. */
export type LibraryModule = typeof Library;

/** The triggers every benchmark workflow uses (those of examples/seed). */
const BRANCHES = ['main'];

/** What each container job runs inside the image, after the checkout. */
export const CONSUMER_STEPS = [
  { name: 'Lint code', run: 'pre-commit install\npre-commit run' },
  { name: 'Run tests', run: 'pytest tests' },
];

/** The number of build jobs and of container jobs in a graph of `n` jobs. */
export function graphShape(n: number): { builds: number; consumers: number } {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) {
    throw new Error(`bench graph: n must be an even number >= 2, got ${n}`);
  }
  return { builds: n / 2, consumers: n / 2 };
}

/** The job ids of a graph of `n` jobs, in declaration order (build_0, test_0, build_1, ...). */
export function jobIds(n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < graphShape(n).builds; i++) {
    ids.push(`build_${i}`, `test_${i}`);
  }
  return ids;
}

/** The image build job `i` pushes. */
export function imageName(i: number): string {
  return `ghcr.io/acme/app-${i}`;
}

/**
 * (a) `n` jobs of this library in a new `Workflow` of `project`. Nothing is
 * rendered yet: `workflow.toYaml()` validates and renders.
 */
export function buildLibraryWorkflow(lib: LibraryModule, project: Project, n: number, withResultJob = false): Library.Workflow {
  const { builds } = graphShape(n);
  const workflow = new lib.Workflow(project, 'ci', {
    name: 'bench',
    triggers: { push: { branches: BRANCHES }, pullRequest: { branches: BRANCHES } },
    // Without the result job (as without the fork fallback below), so that (a) and (b) have the same n jobs;
    // its cost is measured apart (docs/performance.md).
    result: withResultJob ? lib.WorkflowResult.job() : lib.WorkflowResult.none(),
  });
  for (let i = 0; i < builds; i++) {
    const image = new lib.DockerBuildJob(workflow, `build_${i}`, {
      image: imageName(i),
      context: '.',
      file: 'Dockerfile',
      cache: lib.GhaCache.max(),
      // Without the default fork fallback jobs, so that (a) and (b) have exactly the same n jobs.
      forkPullRequests: lib.ForkPullRequests.none(),
    });
    new lib.ContainerTestJob(workflow, `test_${i}`, { image, steps: CONSUMER_STEPS });
  }
  return workflow;
}

/** The condition under which the build may push (same-repository events only). */
const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";

/**
 * (b) The same `n` jobs with projen's own `GithubWorkflow`, written the way a
 * `.projenrc.ts` would write them by hand. `githubComponent` is the project's
 * `GitHub` component (`new github.GitHub(project)`).
 *
 * One difference: projen's job `outputs` can only name a step output
 * (`${{ steps.<id>.outputs.<name> }}`), so the build's `image` output is the
 * bare digest instead of the library's longer `name@digest` expression. That
 * makes (b)'s file a little shorter, never slower.
 */
/** The commit-pinned reference the library writes (without its version comment, which projen's YAML would quote into the value). */
function pinned(key: ActionKey): string {
  return `${ACTION_TABLE[key].repository}@${ACTION_TABLE[key].pin.sha}`;
}

export function buildProjenWorkflow(githubComponent: github.GitHub, n: number): github.GithubWorkflow {
  const { builds } = graphShape(n);
  const workflow = new github.GithubWorkflow(githubComponent, 'ci');
  workflow.on({ push: { branches: BRANCHES }, pullRequest: { branches: BRANCHES } });
  const checkout: github.workflows.JobStep = { name: 'Check out repository', uses: pinned('checkout'), with: { 'persist-credentials': 'false' } };
  for (let i = 0; i < builds; i++) {
    const image = imageName(i);
    const scope = `acme-app-${i}`;
    workflow.addJob(`build_${i}`, {
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ, packages: github.workflows.JobPermission.WRITE },
      outputs: { image: { stepId: 'build', outputName: 'digest' } },
      timeoutMinutes: 60,
      steps: [
        checkout,
        { name: 'Set up Docker Buildx', uses: pinned('setupBuildx') },
        {
          name: 'Log in to ghcr.io',
          if: CAN_PUSH,
          uses: pinned('login'),
          with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
        },
        {
          name: 'Build and push image',
          id: 'build',
          uses: pinned('buildPush'),
          with: {
            'context': '.',
            'file': 'Dockerfile',
            'push': `\${{ ${CAN_PUSH} }}`,
            'tags': `${image}:\${{ github.sha }}`,
            'cache-from': `type=gha,scope=${scope}`,
            'cache-to': `type=gha,mode=max,scope=${scope},ignore-error=true`,
          },
        },
      ],
    });
    workflow.addJob(`test_${i}`, {
      needs: [`build_${i}`],
      if: `needs.build_${i}.outputs.image != ''`,
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ, packages: github.workflows.JobPermission.READ },
      timeoutMinutes: 30,
      container: {
        image: `\${{ needs.build_${i}.outputs.image }}`,
        credentials: { username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
      },
      steps: [checkout, ...CONSUMER_STEPS],
    });
  }
  return workflow;
}

/** A projen `GitHub` component without the extras (mergify, PR lint) that add files of their own. */
export function githubComponentOf(project: Project): github.GitHub {
  return new github.GitHub(project, { mergify: false, pullRequestLint: false });
}

/**
 * The text projen writes for `workflow` (its `YamlFile`'s content, marker
 * included), without touching the disk: the same call `project.synth()` makes.
 */
export function projenWorkflowYaml(workflow: github.GithubWorkflow): string {
  const file = workflow.file as unknown as { synthesizeContent(resolver: { resolve(obj: unknown, options?: unknown): unknown }): string | undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolve } = require('projen/lib/_resolve') as { resolve(obj: unknown, options?: unknown): unknown };
  const text = file.synthesizeContent({ resolve: (obj, options) => resolve(obj, options) });
  if (text === undefined) {
    throw new Error('bench graph: projen rendered no workflow file');
  }
  return text;
}
