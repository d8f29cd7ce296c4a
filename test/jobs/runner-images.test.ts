/**
 * `images` on a job: images used on the runner. The job needs each image's
 * producer, has its exact reference in an environment variable, runs the
 * image's availability steps before its own, gets the permissions they need,
 * and is skipped unless every image was produced (combined with its `if`).
 * The job layer knows only `IRunnerImage`: a producer of one's own works
 * like a build job.
 */
import * as YAML from 'yaml';
import {
  ContainerTestJob, DockerBuildJob, GhaCache, IRunnerImage, Job, JobOutput, PermissionLevel, PermissionRequirement, RunnerJob, Step, Workflow,
} from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function workflow(project = tempProject(), id = 'ci'): Workflow {
  return new Workflow(project, id, { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

/** An image that is not Docker's business of this library: a job writes a tarball's name to an output, steps load it. */
class TarballImage implements IRunnerImage {
  public readonly referenceExpression: string;
  public readonly availableWhen: string;
  constructor(public readonly producer: Job) {
    this.referenceExpression = `needs.${producer.jobId}.outputs.ref`;
    this.availableWhen = `${this.referenceExpression} != ''`;
  }
  public availabilitySteps(variable: string, localTag?: string): Step[] {
    return [
      { name: 'Shared setup', run: 'echo setup' },
      { name: `Load ${variable}`, shell: 'bash', run: `docker load -i image.tar && echo "$${variable}"${localTag ? ` ${localTag}` : ''}` },
    ];
  }
  public runnerPermissions(consumer: Job): PermissionRequirement[] {
    return [{ scope: 'actions', level: PermissionLevel.READ, neededBy: `${consumer.jobId} (to read the tarball)` }];
  }
}

function tarballJob(ci: Workflow, id: string): RunnerJob {
  return new RunnerJob(ci, id, {
    checkout: { enabled: false },
    steps: [{ id: 'ref', run: 'echo "value=app@sha256:0123" >> "$GITHUB_OUTPUT"' }],
    outputs: { ref: JobOutput.fromStep('ref', 'value') },
  });
}

describe('images on a job: the job model (any IRunnerImage)', () => {
  test('needs the producers, reads each reference from env, runs the availability steps first (identical ones once), combines the guards with its if', async () => {
    const ci = workflow();
    const first = tarballJob(ci, 'first');
    const second = tarballJob(ci, 'second');
    new RunnerJob(ci, 'e2e', {
      if: "github.event_name == 'push' || github.event_name == 'pull_request'",
      env: { MODE: 'ci' },
      images: [{ image: new TarballImage(first), env: 'FIRST' }, { image: new TarballImage(second), env: 'SECOND', localTag: 'second:ci' }],
      steps: [{ name: 'Use them', run: 'docker run --rm "$FIRST" && docker run --rm second:ci' }],
    });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.e2e;
    expect(job.needs).toEqual(['first', 'second']);
    // The user's `a || b` keeps its meaning: in parentheses, then every guard.
    expect(job.if).toBe("(github.event_name == 'push' || github.event_name == 'pull_request') && needs.first.outputs.ref != '' && needs.second.outputs.ref != ''");
    expect(job.env).toEqual({ MODE: 'ci', FIRST: '${{ needs.first.outputs.ref }}', SECOND: '${{ needs.second.outputs.ref }}' });
    expect(job.permissions).toEqual({ actions: 'read', contents: 'read' });
    expect(job.steps.map((s: { name: string }) => s.name)).toEqual(['Shared setup', 'Load FIRST', 'Load SECOND', 'Check out repository', 'Use them']);
    expect(job.steps[2].run).toBe('docker load -i image.tar && echo "$SECOND" second:ci');
    await expectValidWorkflow(yaml);
  });

  test('without env the reference is in IMAGE; without if the guard alone is the condition', () => {
    const ci = workflow();
    const producer = tarballJob(ci, 'producer');
    new RunnerJob(ci, 'use', { images: [{ image: new TarballImage(producer) }], steps: [{ run: 'docker run --rm "$IMAGE"' }] });
    const job = YAML.parse(ci.toYaml()).jobs.use;
    expect(job.env).toEqual({ IMAGE: '${{ needs.producer.outputs.ref }}' });
    expect(job.if).toBe("needs.producer.outputs.ref != ''");
    expect(job.needs).toEqual(['producer']);
  });

  test('needs told explicitly come first; the producer is added once', () => {
    const ci = workflow();
    const producer = tarballJob(ci, 'producer');
    const lint = tarballJob(ci, 'lint');
    new RunnerJob(ci, 'use', { needs: [lint, producer], images: [{ image: new TarballImage(producer) }], steps: [{ run: 'true' }] });
    expect(YAML.parse(ci.toYaml()).jobs.use.needs).toEqual(['lint', 'producer']);
  });

  test('every problem with images is refused at once, each saying how to fix it', () => {
    const project = tempProject();
    const ci = workflow(project);
    const other = workflow(project, 'release');
    const here = tarballJob(ci, 'here');
    const there = tarballJob(other, 'there');
    const image = new TarballImage(here);
    new RunnerJob(ci, 'bad', {
      env: { APP_IMAGE: 'x' },
      strategy: { shards: 2 },
      images: [
        { image, env: 'APP_IMAGE' },
        { image: new TarballImage(there), env: 'shard' },
        { image: new TarballImage(tarballJob(ci, 'third')), env: '1X', localTag: 'App:CI' },
        { image: new TarballImage(tarballJob(ci, 'fourth')), env: 'GITHUB_IMAGE' },
        { image: new TarballImage(tarballJob(ci, 'fifth')), env: 'app_image', localTag: 'app:ci' },
        { image: new TarballImage(tarballJob(ci, 'sixth')), localTag: 'app:ci' },
        { image, env: 'AGAIN' },
        { image: 'ghcr.io/acme/app' } as any,
      ],
      steps: [{ run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/bad: images[0].env is APP_IMAGE, which env sets too; rename one of them.',
      'ci/bad: images[1] is produced by job "there" of workflow "release", but an image reaches only jobs of the same workflow run; declare this job in workflow "release".',
      'ci/bad: images[1].env is shard, which strategy.shards sets too (as SHARD; env names ignore case); rename one of them.',
      'ci/bad: images[2].env is "1X"; an environment variable name has only letters, digits and _, and does not start with a digit (for example "APP_IMAGE").',
      'ci/bad: images[2].localTag is "App:CI"; give a local image name, lowercase, with an optional tag and no digest, for example "app:ci".',
      'ci/bad: images[3].env is "GITHUB_IMAGE", but GitHub reserves names starting with GITHUB_ and RUNNER_; choose another, for example "APP_IMAGE".',
      'ci/bad: images[4].env is app_image, the variable of images[0] too (env names ignore case); give each image its own, e.g. { env: \'API_IMAGE\' } and { env: \'WORKER_IMAGE\' }.',
      'ci/bad: images[4].env is app_image, which env sets too (as APP_IMAGE; env names ignore case); rename one of them.',
      'ci/bad: images[5].localTag is "app:ci", the local name of images[4] too; give each image its own.',
      'ci/bad: images[6] uses the image of job "here" again (also images[0]); use each image once (its reference is in one variable).',
      'ci/bad: images[7] is { image: "ghcr.io/acme/app" }; give an image a job of this workflow produces, for example build.onRunner({ env: \'APP_IMAGE\' }).',
    ]);
  });

  test('images on a job whose steps run in a container, or that is not a list, are refused', () => {
    const ci = workflow();
    const producer = tarballJob(ci, 'producer');
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
    new RunnerJob(ci, 'in_python', { container: { image: 'python:3.12' }, images: [{ image: new TarballImage(producer) }], steps: [{ run: 'true' }] });
    new ContainerTestJob(ci, 'in_app', { image: build, images: [{ image: new TarballImage(producer) }], steps: [{ run: 'true' }] });
    new RunnerJob(ci, 'not_a_list', { images: build.onRunner() as any, steps: [{ run: 'true' }] });
    const inContainer = 'sets images, but its steps run in a container, and images are pulled onto the runner host; use a RunnerJob without container (or the image as a service).';
    expect(problemsOf(() => ci.toYaml())).toEqual([
      `ci/in_python: ${inContainer}`,
      `ci/in_app: ${inContainer}`,
      'ci/not_a_list: images is { image: a DockerBuildJob }; give a list of images, for example [build.onRunner({ env: \'APP_IMAGE\' })].',
    ]);
  });

  test('a job using its own image is refused', () => {
    const ci = workflow();
    const holder: { job?: RunnerJob } = {};
    const self: IRunnerImage = {
      get producer() { return holder.job!; },
      referenceExpression: 'needs.self.outputs.ref',
      availableWhen: "needs.self.outputs.ref != ''",
      availabilitySteps: () => [],
      runnerPermissions: () => [],
    };
    holder.job = new RunnerJob(ci, 'self', { images: [{ image: self }], steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toContain('ci/self: images[0] is the image of this job itself; a job can only use images of jobs it needs.');
  });
});

describe('images on a job: a DockerBuildJob\'s image', () => {
  test('a RunnerJob logs in and pulls name@digest from the build, with packages: read; the build itself is unchanged', async () => {
    const ci = workflow();
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
    const before = YAML.parse(ci.toYaml()).jobs.build;
    new RunnerJob(ci, 'compose', { images: [build.onRunner({ env: 'APP_IMAGE' })], steps: [{ run: 'docker compose up -d --wait' }] });
    const yaml = ci.toYaml();
    const jobs = YAML.parse(yaml).jobs;
    expect(jobs.build).toEqual(before);
    expect(jobs.compose).toMatchObject({
      needs: ['build'],
      if: "needs.build.outputs.image != ''",
      permissions: { contents: 'read', packages: 'read' },
      env: { APP_IMAGE: '${{ needs.build.outputs.image }}' },
    });
    expect(jobs.compose.steps.slice(0, 2)).toEqual([
      { name: 'Log in to ghcr.io to pull', uses: pinnedUses('login'), with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' } },
      { name: 'Pull APP_IMAGE by digest (image of job build)', shell: 'bash', run: 'docker pull "$APP_IMAGE"' },
    ]);
    await expectValidWorkflow(yaml);
  });

  test('images on the build job itself are refused, pointing at buildContexts and a RunnerJob', () => {
    const ci = workflow();
    const base = new DockerBuildJob(ci, 'base', { image: 'ghcr.io/acme/base', cache: GhaCache.max() });
    new DockerBuildJob(ci, 'app', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), images: [base.onRunner()] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/app: sets images, but Buildx builds in a builder of its own that cannot read images pulled onto the runner; ' +
        'to build FROM an image of this run use buildContexts, and to use both images after the build use a RunnerJob with images.',
    ]);
  });
});
