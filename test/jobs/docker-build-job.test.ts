import * as YAML from 'yaml';
import { DockerBuildJob, GhaCache, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { buildSeed } from '../support/seed';
import { tempProject } from '../support/synth';

function seedDoc() {
  const project = tempProject('cache-docker');
  const { ci } = buildSeed(project);
  return YAML.parse(ci.toYaml());
}

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
const IS_FORK_PR = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";

describe('DockerBuildJob', () => {
  test('checks out, sets up Buildx, logs in to GHCR and builds, in that order, pinned to the table\'s verified commits; the export for the fork fallback last', () => {
    const steps = seedDoc().jobs.build_docker.steps;
    expect(steps.map((s: { uses: string }) => s.uses)).toEqual([
      pinnedUses('checkout'),
      pinnedUses('setupBuildx'),
      pinnedUses('login'),
      pinnedUses('buildPush'),
      // On a fork's pull request only (the seed has a pull_request trigger and a container job): the fallback loads it.
      pinnedUses('buildPush'),
      pinnedUses('uploadArtifact'),
    ]);
    expect(steps.slice(3).map((s: { if?: string }) => s.if)).toEqual([`!(${IS_FORK_PR})`, IS_FORK_PR, IS_FORK_PR]);
  });

  test('grants only contents: read and packages: write', () => {
    expect(seedDoc().jobs.build_docker.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  test('logs in with github.actor and GITHUB_TOKEN, never a personal access token', () => {
    const login = seedDoc().jobs.build_docker.steps[2];
    expect(login.with).toEqual({ registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' });
  });

  test('pushes and logs in only when the token can write packages (not on fork pull requests)', () => {
    const [, , login, build] = seedDoc().jobs.build_docker.steps;
    expect(login.if).toBe(CAN_PUSH);
    expect(build.with.push).toBe(`\${{ ${CAN_PUSH} }}`);
  });

  test('passes context and file as given, and tags the image with the commit SHA', () => {
    const build = seedDoc().jobs.build_docker.steps[3];
    expect(build.with.context).toBe('.');
    expect(build.with.file).toBe('Dockerfile');
    expect(build.with.tags).toBe('ghcr.io/mmeendez8/cache_docker/ci_dlc:${{ github.sha }}');
  });

  test('context defaults to "." so files changed by earlier steps are built; file is left to Buildx', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app' });
    const build = YAML.parse(ci.toYaml()).jobs.build.steps[3];
    expect(build.with.context).toBe('.');
    expect(build.with).not.toHaveProperty('file');
    expect(build.with).not.toHaveProperty('cache-from');
  });

  test('reads and writes the gha cache with a fixed per-image scope, ignoring cache export errors', () => {
    const build = seedDoc().jobs.build_docker.steps[3];
    expect(build.with['cache-from']).toBe('type=gha,scope=mmeendez8-cache_docker-ci_dlc');
    expect(build.with['cache-to']).toBe(`\${{ (${CAN_PUSH}) && 'type=gha,mode=max,scope=mmeendez8-cache_docker-ci_dlc,ignore-error=true' || '' }}`);
  });

  test('exposes the pushed image as <name>@<digest>, empty when nothing was pushed', () => {
    const outputs = seedDoc().jobs.build_docker.outputs;
    expect(outputs).toEqual({
      'image': `\${{ (${CAN_PUSH}) && steps.build.outputs.digest != '' && format('{0}@{1}', 'ghcr.io/mmeendez8/cache_docker/ci_dlc', steps.build.outputs.digest) || '' }}`,
      // The archive the fork fallback loads: empty unless it was exported (a fork's pull request).
      'archive': "${{ steps.archive.outputs.imageid != '' && format('{0}:{1}', 'ghcr.io/mmeendez8/cache_docker/ci_dlc', github.sha) || '' }}",
      'archive-id': '${{ steps.archive.outputs.imageid }}',
      'archive-digest': '${{ steps.archive.outputs.digest }}',
    });
    expect(seedDoc().jobs.build_docker.steps[3].id).toBe('build');
  });

  test('checkout does not persist the token in .git/config', () => {
    expect(seedDoc().jobs.build_docker.steps[0].with).toEqual({ 'persist-credentials': 'false' });
  });

  test('runs on ubuntu-latest with a 60 minute timeout unless told otherwise', () => {
    const job = seedDoc().jobs.build_docker;
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job['timeout-minutes']).toBe(60);
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app', runsOn: ['self-hosted', 'linux'], timeoutMinutes: 15 });
    const custom = YAML.parse(ci.toYaml()).jobs.build;
    expect(custom['runs-on']).toEqual(['self-hosted', 'linux']);
    expect(custom['timeout-minutes']).toBe(15);
  });

  test('action versions come from one table and can be overridden per action', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', {
      triggers: { push: {} },
      actions: { checkout: 'actions/checkout@v6', buildPush: 'docker/build-push-action@0123456789abcdef0123456789abcdef01234567' },
    });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app' });
    const uses = YAML.parse(ci.toYaml()).jobs.build.steps.map((s: { uses: string }) => s.uses);
    expect(uses).toEqual([
      'actions/checkout@v6',
      pinnedUses('setupBuildx'),
      pinnedUses('login'),
      'docker/build-push-action@0123456789abcdef0123456789abcdef01234567',
    ]);
  });

  test('a GhaCache scope given by the user replaces the derived one', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app', cache: GhaCache.min({ scope: 'app-test', ignoreError: false }) });
    const build = YAML.parse(ci.toYaml()).jobs.build.steps[3];
    expect(build.with['cache-from']).toBe('type=gha,scope=app-test');
    expect(build.with['cache-to']).toBe(`\${{ (${CAN_PUSH}) && 'type=gha,mode=min,scope=app-test' || '' }}`);
  });

  test('imageExpression names the job output consumers read', () => {
    const project = tempProject();
    const { image } = buildSeed(project);
    expect(image.imageExpression).toBe('needs.build_docker.outputs.image');
    expect(image.imageName).toBe('ghcr.io/mmeendez8/cache_docker/ci_dlc');
  });

  test('bad input throws WorkflowValidationError from toYaml()', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/Owner/App' });
    expect(() => ci.toYaml()).toThrow(WorkflowValidationError);
  });
});
