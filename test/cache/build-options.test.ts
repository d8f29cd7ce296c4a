/**
 * Build options of a DockerBuildJob: each maps to one build-push-action
 * input; build secrets travel as step env by secret NAME, never as build args.
 */
import * as YAML from 'yaml';
import { DockerBuildJob, DockerBuildJobProps, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
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

describe('metadataTags', () => {
  test('adds docker/metadata-action (latest only on the default branch) and uses its tags and labels beside the SHA tag', async () => {
    const { yaml, step } = synth({ metadataTags: true, labels: { team: 'shop' } });
    const doc = YAML.parse(yaml);
    const meta = doc.jobs.build.steps[1];
    expect(meta).toEqual({
      name: 'Image tags and labels',
      id: 'meta',
      uses: pinnedUses('metadata'),
      with: {
        images: 'ghcr.io/acme/app',
        flavor: 'latest=false',
        tags: 'type=sha\ntype=ref,event=branch\ntype=ref,event=pr\ntype=semver,pattern={{version}}\ntype=raw,value=latest,enable={{is_default_branch}}',
      },
    });
    const build = doc.jobs.build.steps[4];
    expect(build.with.tags).toBe('ghcr.io/acme/app:${{ github.sha }}\n${{ steps.meta.outputs.tags }}');
    expect(build.with.labels).toBe('${{ steps.meta.outputs.labels }}\nteam=shop');
    expect(step).toBeDefined();
    // The consumers still get the digest reference, never a tag.
    expect(doc.jobs.build.outputs.image).toContain("format('{0}@{1}', 'ghcr.io/acme/app', steps.build.outputs.digest)");
    await expectValidWorkflow(yaml);
  });

  test('with the repository image, metadata-action reads the lowercased name; garbage is refused', () => {
    const ci = new Workflow(tempProject('options'), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: DockerBuildJob.REPOSITORY_IMAGE, metadataTags: true });
    const steps = YAML.parse(ci.toYaml()).jobs.build.steps;
    expect(steps.map((s: { id?: string }) => s.id)).toEqual([undefined, 'image', 'meta', undefined, undefined, 'build']);
    expect(steps[2].with.images).toBe('${{ steps.image.outputs.name }}');
    expect(problems({ metadataTags: 'yes' })).toEqual(['ci/build: metadataTags is "yes"; use true or false, or leave it out.']);
  });
});
