/**
 * The image handed over as an artifact (`artifact: ImageArtifact.dockerArchive()`):
 * the build exports a docker archive on every event and uploads it; jobs
 * that use the image on their runner download it, `docker load` it and
 * check it against the id the build reported before their own steps. No
 * registry and no token, so it works the same on a fork's pull request.
 * Simulated with GitHub's expression engine; the load script is executed
 * with a stand-in docker.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, DockerBuildJobProps, GhaCache, ImageArtifact, PlatformStrategy, PushPolicy, ReuseUnchanged, RunnerJob, Workflow } from '../../src';
import { CAN_PUSH } from '../../src/expressions/expressions';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { ARCHIVE_DIGEST, ARCHIVE_ID, RunScenario, simulateRun } from '../support/simulate';
import { tempProject, validationProblems } from '../support/synth';

const REPOSITORY = 'acme/shop';
const SHA = 'a'.repeat(40);
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const PUSH: RunScenario = { eventName: 'push', repository: REPOSITORY, digest: DIGEST };
const SAME_REPO_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: REPOSITORY, digest: DIGEST };
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'mallory/shop', digest: '' };

type Map = { [k: string]: string };
type StepYaml = { name?: string; id?: string; if?: string; uses?: string; run?: string; shell?: string; with?: Map; env?: Map };
type JobYaml = { needs?: string[]; if?: string; env?: Map; permissions?: object; outputs?: Map; steps: StepYaml[] };

/** A build that hands its image over as an artifact, and an e2e job that runs it with compose on the runner. */
function synthesize(build: Partial<DockerBuildJobProps> = {}): { yaml: string; jobs: { [id: string]: JobYaml } } {
  const ci = new Workflow(tempProject('artifact'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const app = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max(), artifact: ImageArtifact.dockerArchive(), ...build });
  new RunnerJob(ci, 'e2e', {
    images: [app.onRunner({ env: 'APP_IMAGE', localTag: 'shop:ci' })],
    steps: [{ name: 'Start the stack', run: 'docker compose -f compose.ci.yml up -d --wait' }],
  });
  const yaml = ci.toYaml();
  return { yaml, jobs: YAML.parse(yaml).jobs };
}

describe('artifact: ImageArtifact.dockerArchive()', () => {
  const { yaml, jobs } = synthesize();
  const step = (job: JobYaml, id: string) => job.steps.find((s) => s.id === id)!;

  test('passes the judge', async () => {
    await expectValidWorkflow(yaml, 'image-artifact.yml');
  });

  test('the build pushes on runs that may push and exports the archive on every run, uploaded as the file itself for one day', () => {
    const build = jobs.build;
    expect(step(build, 'build').if).toBe(CAN_PUSH);
    const archive = step(build, 'archive');
    expect(archive.if).toBeUndefined();
    expect(archive.with).toEqual({
      'context': '.',
      'cache-from': 'type=gha,scope=acme-shop',
      'outputs': 'type=docker,dest=${{ runner.temp }}/image-archives/build-image.tar',
      'tags': 'ghcr.io/acme/shop:${{ github.sha }}',
      'provenance': 'false',
      'sbom': 'false',
    });
    const upload = build.steps[build.steps.indexOf(archive) + 1];
    expect(upload).toEqual({
      name: 'Upload the image archive',
      uses: pinnedUses('uploadArtifact'),
      with: { 'path': '${{ runner.temp }}/image-archives/build-image.tar', 'archive': 'false', 'if-no-files-found': 'error', 'retention-days': '1', 'overwrite': 'true' },
    });
    expect(build.outputs!.archive).toBe("${{ steps.archive.outputs.imageid != '' && format('{0}:{1}', 'ghcr.io/acme/shop', github.sha) || '' }}");
  });

  test('the job on the runner downloads and loads it, with no registry login and no packages permission', () => {
    const e2e = jobs.e2e;
    expect(e2e.needs).toEqual(['build']);
    expect(e2e.if).toBe("needs.build.outputs.archive != ''");
    expect(e2e.env).toEqual({ APP_IMAGE: '${{ needs.build.outputs.archive }}' });
    expect(e2e.steps.slice(0, 2).map((s) => s.name)).toEqual(['Download the image archive of job build', 'Load APP_IMAGE from the archive (image of job build)']);
    expect(e2e.steps[0]).toEqual({ name: 'Download the image archive of job build', uses: pinnedUses('downloadArtifact'), with: { name: 'build-image.tar', path: '${{ runner.temp }}/image-archives' } });
    expect(JSON.stringify(e2e)).not.toMatch(/login-action|docker pull/);
    expect(e2e.permissions).toEqual({ contents: 'read' });
  });

  test.each<[string, RunScenario, boolean]>([
    ['a push', PUSH, true],
    ['a same-repository pull request', SAME_REPO_PR, true],
    ['a fork\'s pull request', FORK_PR, false],
  ])('simulated %s: the job runs and gets the image of this run; the image is built by one step', (_label, scenario, pushes) => {
    const run = simulateRun(yaml, scenario);
    expect(run.runnerConsumers.e2e).toEqual({ runs: true, pulls: {}, loads: { APP_IMAGE: `ghcr.io/acme/shop:${SHA}` } });
    expect(run.builds.build).toMatchObject({ buildStepRuns: pushes, archiveRuns: true, image: pushes ? `ghcr.io/acme/shop@${DIGEST}` : '' });
  });
});

describe('the load step, executed with a stand-in docker', () => {
  const { jobs } = synthesize();
  const load = jobs.e2e.steps[1];

  /** Runs the load step with a docker whose `image inspect` answers `loadedId` (empty: the load fails). */
  function runLoad(loadedId: string): { status: number | null; out: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-load-'));
    const log = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'docker'), [
      '#!/usr/bin/env bash',
      `echo "$*" >> "${log}"`,
      'case "$1" in',
      `  load) [ -n "${loadedId}" ] || { echo "open: no such file" >&2; exit 1; }; echo "Loaded image: $APP_IMAGE" ;;`,
      `  image) echo "${loadedId}" ;;`,
      '  tag) ;;',
      '  *) exit 125 ;;',
      'esac',
    ].join('\n'), { mode: 0o755 });
    const archive = path.join(dir, 'build-image.tar');
    fs.writeFileSync(archive, 'tar');
    const env = { PATH: `${dir}:${process.env.PATH}`, ARCHIVE: archive, BUILT_ID: ARCHIVE_ID, BUILT_DIGEST: ARCHIVE_DIGEST, APP_IMAGE: `ghcr.io/acme/shop:${SHA}` };
    const proc = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', load.run!], { env, encoding: 'utf8' });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: proc.status, out: proc.stdout + proc.stderr, calls };
  }

  test('an image loaded under the id the build reported (the classic image store) passes and gets its local name', () => {
    const run = runLoad(ARCHIVE_ID);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      expect.stringMatching(/^load --input .*build-image\.tar$/),
      `image inspect --format {{.Id}} ghcr.io/acme/shop:${SHA}`,
      `tag ghcr.io/acme/shop:${SHA} shop:ci`,
    ]);
  });

  test('an image loaded under the manifest digest the build reported (the containerd image store) passes too', () => {
    expect(runLoad(ARCHIVE_DIGEST).status).toBe(0);
  });

  test('any other image under that name fails the job before its steps, saying which', () => {
    const other = `sha256:${'9'.repeat(64)}`;
    const run = runLoad(other);
    expect(run.status).toBe(1);
    expect(run.out).toContain(`::error::the archive holds ghcr.io/acme/shop:${SHA} as ${other}, not the image the build reported (${ARCHIVE_ID}, ${ARCHIVE_DIGEST})`);
    expect(run.calls.some((c) => c.startsWith('tag'))).toBe(false);
  });

  test('a failed load fails the job', () => {
    expect(runLoad('').status).not.toBe(0);
  });
});

describe('push: PushPolicy.never() with an artifact', () => {
  const { yaml, jobs } = synthesize({ push: PushPolicy.never() });

  test('passes the judge', async () => {
    await expectValidWorkflow(yaml, 'image-artifact-never.yml');
  });

  test('no login, no push step, no packages permission and no image output: the archive is the only hand-off, and the build that writes the cache', () => {
    const build = jobs.build;
    expect(build.steps.map((s) => s.id ?? s.name)).toEqual(['Check out repository', 'Set up Docker Buildx', 'archive', 'Upload the image archive']);
    expect(build.steps[2].with!['cache-to']).toBe(`\${{ (${CAN_PUSH}) && 'type=gha,mode=max,scope=acme-shop,ignore-error=true' || '' }}`);
    expect(build.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(build.outputs!)).toEqual(['archive', 'archive-id', 'archive-digest']);
  });

  test.each([['a push', PUSH], ['a same-repository pull request', SAME_REPO_PR], ['a fork\'s pull request', FORK_PR]])('simulated %s: the e2e job runs in the loaded image', (_label, scenario) => {
    const run = simulateRun(yaml, scenario);
    expect(run.runnerConsumers.e2e.runs).toBe(true);
    expect(run.runnerConsumers.e2e.loads.APP_IMAGE).toBe(`ghcr.io/acme/shop:${SHA}`);
  });
});

describe('what the artifact hand-off refuses', () => {
  const project = () => tempProject('artifact-bad');
  const triggers = { push: { branches: ['main'] }, pullRequest: {} };

  test('options it cannot serve, each with the fix', () => {
    const ci = new Workflow(project(), 'ci', { triggers });
    new DockerBuildJob(ci, 'native', {
      image: 'ghcr.io/acme/native', platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(), artifact: ImageArtifact.dockerArchive(),
    });
    new DockerBuildJob(ci, 'reused', { image: 'ghcr.io/acme/reused', artifact: ImageArtifact.dockerArchive(), reuseUnchanged: ReuseUnchanged.whenFilesMatch(['Dockerfile']) });
    new DockerBuildJob(ci, 'days', { image: 'ghcr.io/acme/days', artifact: ImageArtifact.dockerArchive({ retentionDays: 91 }) });
    new DockerBuildJob(ci, 'bad', { image: 'ghcr.io/acme/bad', artifact: {} as ImageArtifact, push: 'never' as unknown as PushPolicy, outputs: { 'Archive-Id': 'x' } });
    const problems = validationProblems(ci);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ci\/native: artifact is set with PlatformStrategy.nativeRunners\(\).*use PlatformStrategy.emulated\(\)/),
      expect.stringMatching(/^ci\/reused: artifact is set with reuseUnchanged, but a reused image was not built in this run/),
      'ci/days: artifact retentionDays is 91; give a whole number of days from 1 to 90 (upload-artifact\'s retention-days).',
      'ci/bad: push is "never"; use PushPolicy.trustedEvents(), .defaultBranch(), .tags(), .defaultBranchAndTags() or .never(), or leave it out.',
      'ci/bad: artifact is {}; use ImageArtifact.dockerArchive(), or leave it out.',
      'ci/bad: outputs declares "Archive-Id", an output the build job keeps for its image archive; give your output another name.',
    ]));
  });

  test('a push policy that leaves container jobs and services without an image on some runs', () => {
    const ci = new Workflow(project(), 'ci', { triggers });
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', push: PushPolicy.defaultBranch(), artifact: ImageArtifact.dockerArchive() });
    new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
    new RunnerJob(ci, 'api', { services: [build.asService('api')], steps: [{ run: 'curl -f http://localhost:8080' }] });
    expect(validationProblems(ci)).toContain('ci/build: push is PushPolicy.defaultBranch(), but container job "test", a service (asService()) pull the image from the registry before any step, '
      + 'so they would be skipped on every run that does not push; use PushPolicy.trustedEvents() (the default), '
      + 'or give the build an artifact and use the image on a runner (a RunnerJob with images: [build.onRunner()]).');
  });

  test('never(): uses of the pushed image that no run produces, and options that need a push', () => {
    const ci = new Workflow(project(), 'ci', { triggers });
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', push: PushPolicy.never(), attestProvenance: true, metadataTags: true });
    new RunnerJob(ci, 'e2e', { images: [build.onRunner()], steps: [{ run: 'docker run "$IMAGE"' }] });
    new DockerBuildJob(ci, 'child', { image: 'ghcr.io/acme/child', buildContexts: { base: build.asBuildContext() } });
    const problems = validationProblems(ci);
    expect(problems).toEqual(expect.arrayContaining([
      'ci/build: push is PushPolicy.never(), but onRunner() and asBuildContext() read the pushed image, which no run produces; push on some runs, or give the build an artifact (onRunner() then loads it).',
      'ci/build: attestProvenance signs the pushed image, but push is PushPolicy.never(); leave attestProvenance out, or push.',
      'ci/build: metadataTags tags the pushed image, but push is PushPolicy.never(); leave metadataTags out, or push.',
    ]));
  });
});
