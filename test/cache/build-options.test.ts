/**
 * Build options of a DockerBuildJob: each maps to one build-push-action
 * input; build secrets travel as step env by secret NAME, never as build args.
 */
import * as YAML from 'yaml';
import { DockerBuildJob, DockerBuildJobProps, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function synth(props: Partial<DockerBuildJobProps>): { yaml: string; step: { with: { [k: string]: string }; env?: { [k: string]: string } } } {
  const ci = new Workflow(tempProject('options'), 'ci', { triggers: { push: { branches: ['main'] } } });
  new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', ...props });
  const yaml = ci.toYaml();
  return { yaml, step: YAML.parse(yaml).jobs.build.steps[3] };
}

function problems(props: object): string[] {
  const ci = new Workflow(tempProject('options'), 'ci', { triggers: { push: {} } });
  new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', ...props });
  try {
    ci.toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

test('every option renders as its build-push-action input, in a fixed order', async () => {
  const { yaml, step } = synth({
    target: 'runtime',
    buildArgs: { NODE_VERSION: '22', APP_ENV: 'ci' },
    buildContexts: { assets: './assets', base: 'docker-image://alpine:3.22' },
    labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app' },
    buildSecrets: { 'npm_token': 'NPM_TOKEN', 'pip.conf': 'PIP_CONF' },
    provenance: false,
    sbom: true,
    noCache: true,
    pull: true,
  });
  expect(Object.keys(step.with)).toEqual(['context', 'push', 'tags', 'target', 'build-args', 'build-contexts', 'labels', 'secret-envs', 'provenance', 'sbom', 'no-cache', 'pull']);
  expect(step.with).toMatchObject({
    'target': 'runtime',
    'build-args': 'NODE_VERSION=22\nAPP_ENV=ci',
    'build-contexts': 'assets=./assets\nbase=docker-image://alpine:3.22',
    'labels': 'org.opencontainers.image.source=https://github.com/acme/app',
    'secret-envs': 'npm_token=BUILD_SECRET_NPM_TOKEN\npip.conf=BUILD_SECRET_PIP_CONF',
    'provenance': 'false',
    'sbom': 'true',
    'no-cache': 'true',
    'pull': 'true',
  });
  expect(step.env).toEqual({ BUILD_SECRET_NPM_TOKEN: '${{ secrets.NPM_TOKEN }}', BUILD_SECRET_PIP_CONF: '${{ secrets.PIP_CONF }}' });
  expect(JSON.stringify(step.with)).not.toContain('secrets.');
  await expectValidWorkflow(yaml);
});

test('left out, no input is written (build-push-action keeps its defaults)', () => {
  expect(Object.keys(synth({}).step.with)).toEqual(['context', 'push', 'tags']);
  expect(synth({}).step).not.toHaveProperty('env');
});

test('bad options are refused with what to do instead', () => {
  expect(problems({
    target: 'my stage',
    buildArgs: { 'BAD-NAME': 'x', 'TOKEN': '${{ secrets.NPM_TOKEN }}', 'MULTI': 'a\nb' },
    buildSecrets: { npm_token: '${{ secrets.NPM_TOKEN }}' },
    labels: 'version=1',
    buildContexts: { assets: '' },
    provenance: 'max',
  })).toEqual([
    'ci/build: target is "my stage"; give the name of a stage of the Dockerfile (FROM ... AS <name>), for example "runtime".',
    'ci/build: buildArgs key "BAD-NAME" is not valid; use keys like { NODE_VERSION: \'22\' }.',
    'ci/build: buildArgs.TOKEN reads a secret, which would be stored in the image history; pass it as buildSecrets: { token: \'<SECRET_NAME>\' } and mount it with RUN --mount=type=secret,id=token.',
    'ci/build: buildArgs.MULTI is "a\\nb"; give a one-line string.',
    'ci/build: buildSecrets.npm_token is "${{ secrets.NPM_TOKEN }}"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "NPM_TOKEN", never the secret\'s value.',
    'ci/build: labels is "version=1"; give an object, for example { \'org.opencontainers.image.source\': \'https://github.com/acme/app\' }.',
    'ci/build: buildContexts.assets is ""; give a path, a URL or docker-image://<image>.',
    'ci/build: provenance is "max"; use true or false, or leave it out.',
  ]);
});
