/**
 * The build job is a job like any other: it takes steps of its own before
 * and after the build, checkout options, outputs besides `image`, needs, if
 * and environment; what it cannot do is said clearly.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, JobOutput, PlatformStrategy, RunnerJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

type StepYaml = { name?: string; id?: string; run?: string; uses?: string; with?: { [k: string]: string } };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('preBuildSteps and postBuildSteps', () => {
  test('run after the checkout and before the build, and after the build; the job still hands over the image', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
    const unit = new RunnerJob(ci, 'unit', { steps: [{ name: 'Unit tests', run: 'make unit' }] });
    const image = new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/shop',
      cache: GhaCache.max(),
      needs: [unit],
      checkout: { fetchDepth: 0 },
      preBuildSteps: [{ name: 'Write version file', id: 'version', run: 'git describe --always > VERSION\necho "value=$(cat VERSION)" >> "$GITHUB_OUTPUT"' }],
      postBuildSteps: [{ name: 'Summary', if: "steps.build.outputs.digest != ''", env: { DIGEST: '${{ steps.build.outputs.digest }}' }, run: 'echo "pushed $DIGEST" >> "$GITHUB_STEP_SUMMARY"' }],
      outputs: { version: JobOutput.fromStep('version', 'value') },
    });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'pytest -q' }] });
    const yaml = ci.toYaml();
    const build = YAML.parse(yaml).jobs.build;
    expect(build.needs).toEqual(['unit']);
    expect(build.steps.map((s: StepYaml) => s.name)).toEqual([
      'Check out repository', 'Write version file', 'Set up Docker Buildx', 'Log in to ghcr.io', 'Build and push image', 'Summary',
    ]);
    expect(build.steps[0].with).toEqual({ 'persist-credentials': 'false', 'fetch-depth': '0' });
    expect(Object.keys(build.outputs)).toEqual(['version', 'image']);
    await expectValidWorkflow(yaml);
  });

  test('an output that reads a step of the pre-build steps is fine; one of a missing step is refused on the model', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/shop',
      preBuildSteps: [{ id: 'version', run: 'echo "value=1" >> "$GITHUB_OUTPUT"' }],
      outputs: { version: JobOutput.fromStep('version', 'value'), missing: JobOutput.fromStep('nope', 'x') },
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/build: outputs.missing reads steps.nope, but no step of this job has the id "nope"; give that step id: "nope", or fix the name.',
    ]);
  });

  test('with native runners the pre-build steps run on every platform leg, the post-build steps once, after the merge', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/shop',
      cache: GhaCache.max(),
      platforms: ['linux/amd64', 'linux/arm64'],
      platformStrategy: PlatformStrategy.nativeRunners(),
      preBuildSteps: [{ name: 'Prepare', run: 'make prepare' }],
      postBuildSteps: [{ name: 'After merge', run: 'echo merged' }],
    });
    const yaml = ci.toYaml();
    const jobs = YAML.parse(yaml).jobs;
    expect(jobs.build_platforms.steps.map((s: StepYaml) => s.name)).toContain('Prepare');
    expect(jobs.build_platforms.steps.map((s: StepYaml) => s.name)).not.toContain('After merge');
    expect(jobs.build.steps.map((s: StepYaml) => s.name).slice(-1)).toEqual(['After merge']);
    await expectValidWorkflow(yaml);
  });

  test('refusals: the build job\'s own step ids, the image output name, a matrix, and a checkout turned off or moved', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/shop',
      preBuildSteps: [{ id: 'build', run: 'true' }],
      postBuildSteps: [{ id: 'Meta', run: 'true' }, { run: 'echo ${{ github.head_ref }}' }],
      outputs: { Image: JobOutput.fromStep('x', 'y') },
      strategy: { domain: { os: ['a', 'b'] } },
      checkout: { enabled: false, path: 'src' },
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/build: sets strategy, but a build job hands over one image, and the legs of a matrix would overwrite each other\'s image output; declare one DockerBuildJob per variant (a loop in .projenrc.ts), or use platforms for a multi-platform image.',
      'ci/build: outputs declares "Image", the build job\'s own output (the pushed <name>@<digest>); give your output another name.',
      'ci/build: preBuildSteps[0] has the id "build", which the build job uses for its own step; give your step another id.',
      expect.stringContaining('ci/build: postBuildSteps[1] interpolates the untrusted github.head_ref into `run`'),
      'ci/build: postBuildSteps[0] has the id "Meta", which the build job uses for its own step; give your step another id.',
      'ci/build: checkout.enabled is false, but checkout also sets path; remove it or turn checkout back on.',
      'ci/build: checkout.enabled is false, but the build reads its context from the checked-out workspace; leave enabled out.',
      'ci/build: checkout.path is set, but the build\'s context and the fork fallback expect the repository at the workspace root; leave path out and set context instead.',
    ]);
  });
});

describe('the job keys on a build job', () => {
  test('if and environment are kept; consumers of a skipped build are skipped (needs fail)', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, workflowDispatch: {} } });
    const image = new DockerBuildJob(ci, 'publish', {
      image: 'ghcr.io/acme/shop',
      if: "github.event_name == 'push'",
      environment: { name: 'registry' },
      timeoutMinutes: 20,
    });
    new ContainerTestJob(ci, 'smoke', { image, steps: [{ run: 'shop --version' }] });
    const yaml = ci.toYaml();
    const build = YAML.parse(yaml).jobs.publish;
    expect(build).toMatchObject({ 'if': "github.event_name == 'push'", 'environment': 'registry', 'timeout-minutes': 20 });
    await expectValidWorkflow(yaml);
  });

  test('with native runners the merge job\'s own guard is joined to the user\'s if', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/shop', platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(), if: "github.ref == 'refs/heads/main'",
    });
    const jobs = YAML.parse(ci.toYaml()).jobs;
    expect(jobs.build.if).toBe("(github.ref == 'refs/heads/main') && (github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository)");
    expect(jobs.build_platforms.if).toBe("github.ref == 'refs/heads/main'");
  });
});
