/**
 * Registries: GHCR with GITHUB_TOKEN by default, Docker Hub and any other
 * registry with secret NAMES; the build logs in only when it pushes and the
 * container jobs pull with the same credentials.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, Registry, RegistryCache, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
const HUB = () => Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' });

function synth(image: string, registry?: Registry, extra: object = {}) {
  const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const build = new DockerBuildJob(ci, 'build', { image, registry, ...extra });
  new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
  const yaml = ci.toYaml();
  return { yaml, doc: YAML.parse(yaml) };
}

function problems(image: string, registry: unknown): string[] {
  const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: {} } });
  new DockerBuildJob(ci, 'build', { image, registry: registry as Registry });
  try {
    ci.toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('Registry.ghcr() (the default)', () => {
  test('explicit ghcr() writes exactly what the default writes', () => {
    expect(synth('ghcr.io/acme/app', Registry.ghcr()).yaml).toBe(synth('ghcr.io/acme/app').yaml);
  });
});

describe('Registry.dockerHub()', () => {
  test('logs in (only when pushing) with the secrets, without a registry input; the container job pulls with the same secrets; no packages permission', async () => {
    const { yaml, doc } = synth('acme/app', HUB());
    const login = doc.jobs.build.steps.find((s: { name: string }) => s.name === 'Log in to Docker Hub');
    expect(login).toEqual({
      name: 'Log in to Docker Hub',
      if: CAN_PUSH,
      uses: pinnedUses('login'),
      with: { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' },
    });
    expect(doc.jobs.build.permissions).toEqual({ contents: 'read' });
    expect(doc.jobs.test.permissions).toEqual({ contents: 'read' });
    expect(doc.jobs.test.container).toEqual({
      image: '${{ needs.build.outputs.image }}',
      credentials: { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' },
    });
    expect(doc.jobs.build.outputs.image).toContain("format('{0}@{1}', 'acme/app', steps.build.outputs.digest)");
    await expectValidWorkflow(yaml);
  });

  test('docker.io/<ns>/<name> is accepted too', () => {
    expect(synth('docker.io/acme/app', HUB()).doc.jobs.build.steps[3].with.tags).toBe('docker.io/acme/app:${{ github.sha }}');
  });

  test.each([
    ['ghcr.io/acme/app', 'image "ghcr.io/acme/app" is not on Docker Hub, where the build logs in; name it "my-org/app", or pass the registry it belongs to.'],
    ['app', 'image "app" is not a Docker Hub repository you can push to; Docker Hub names are <namespace>/<name>, for example "my-org/app".'],
    ['library/app', 'image "library/app" is not a Docker Hub repository you can push to; Docker Hub names are <namespace>/<name>, for example "my-org/app".'],
    ['acme/team/app', 'image "acme/team/app" is not a Docker Hub repository you can push to; Docker Hub names are <namespace>/<name>, for example "my-org/app".'],
  ])('%j is refused', (image, message) => {
    expect(problems(image, HUB())).toEqual([`ci/build: ${message}`]);
  });

  test('secret names, never values', () => {
    expect(problems('acme/app', Registry.dockerHub({ usernameSecret: 'my user', passwordSecret: '${{ secrets.TOKEN }}' }))).toEqual([
      'ci/build: registry usernameSecret is "my user"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "DOCKERHUB_USERNAME", never the secret\'s value.',
      'ci/build: registry passwordSecret is "${{ secrets.TOKEN }}"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "DOCKERHUB_TOKEN", never the secret\'s value.',
    ]);
    expect(problems('acme/app', Registry.dockerHub(undefined as unknown as { usernameSecret: string; passwordSecret: string }))).toHaveLength(2);
  });
});

describe('Registry.custom()', () => {
  test('literal user name or a secret one; the image lives under the host', async () => {
    const robot = synth('registry.example.com:5000/team/app', Registry.custom({ host: 'registry.example.com:5000', username: 'robot-ci', passwordSecret: 'REGISTRY_TOKEN' }));
    const login = robot.doc.jobs.build.steps[2];
    expect(login.name).toBe('Log in to registry.example.com:5000');
    expect(login.with).toEqual({ registry: 'registry.example.com:5000', username: 'robot-ci', password: '${{ secrets.REGISTRY_TOKEN }}' });
    expect(robot.doc.jobs.test.container.credentials).toEqual({ username: 'robot-ci', password: '${{ secrets.REGISTRY_TOKEN }}' });
    await expectValidWorkflow(robot.yaml);
    const secretUser = synth('quay.io/acme/app', Registry.custom({ host: 'quay.io', usernameSecret: 'QUAY_USER', passwordSecret: 'QUAY_TOKEN' }));
    expect(secretUser.doc.jobs.build.steps[2].with.username).toBe('${{ secrets.QUAY_USER }}');
  });

  test('a registry cache on the same registry is fine, on another one is refused', () => {
    const quay = Registry.custom({ host: 'quay.io', usernameSecret: 'QUAY_USER', passwordSecret: 'QUAY_TOKEN' });
    expect(synth('quay.io/acme/app', quay, { cache: RegistryCache.max() }).doc.jobs.build.steps[3].with['cache-from']).toBe('type=registry,ref=quay.io/acme/app:buildcache');
    const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: 'quay.io/acme/app', registry: quay, cache: RegistryCache.max({ ref: 'ghcr.io/acme/app:cache' }) });
    expect(() => ci.toYaml()).toThrow('ci/build: cache exports to ghcr.io, but the build logs in to quay.io only; keep the cache next to the image, e.g. RegistryCache.max({ ref: \'quay.io/acme/app:buildcache\' }).');
  });

  test('bad options', () => {
    expect(problems('x/app', Registry.custom({ host: 'https://quay.io', passwordSecret: 'P' }))).toEqual([
      'ci/build: registry host is "https://quay.io"; give a host name with an optional port, for example "registry.example.com:5000".',
      'ci/build: registry needs exactly one of username (a literal user name) and usernameSecret (the NAME of a secret holding it).',
    ]);
    expect(problems('ghcr.io/acme/app', Registry.custom({ host: 'ghcr.io', username: 'me', usernameSecret: 'U', passwordSecret: 'P' }))).toEqual([
      'ci/build: registry host "ghcr.io" has its own factory; use Registry.ghcr().',
      'ci/build: registry needs exactly one of username (a literal user name) and usernameSecret (the NAME of a secret holding it).',
    ]);
    expect(problems('quay.io/acme/app', Registry.custom({ host: 'quay.io', username: 'a b', passwordSecret: 'GITHUB_TOKEN' }))).toEqual([
      'ci/build: registry username is "a b"; give the literal user name (letters, digits, ".", "_", "@", "+", "-"), or usernameSecret for a secret one.',
      'ci/build: registry passwordSecret is "GITHUB_TOKEN"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "REGISTRY_PASSWORD", never the secret\'s value.',
    ]);
    expect(problems('ghcr.io/acme/app', Registry.custom({ host: 'quay.io', username: 'me', passwordSecret: 'P' }))).toEqual([
      'ci/build: image "ghcr.io/acme/app" is not on quay.io, where the build logs in; name it "quay.io/my-org/app", or pass the registry it belongs to.',
    ]);
  });

  test('a registry that is not a Registry is refused', () => {
    expect(problems('ghcr.io/acme/app', { host: 'ghcr.io' })).toEqual([
      'ci/build: registry is {"host":"ghcr.io"}; pass Registry.ghcr(), Registry.dockerHub({ ... }) or Registry.custom({ ... }), or leave it out for GHCR.',
    ]);
  });
});

test('the gha cache works with any registry (it is not a registry cache)', () => {
  expect(synth('acme/app', HUB(), { cache: GhaCache.max() }).doc.jobs.build.steps[3].with['cache-from']).toBe('type=gha,scope=acme-app');
});

describe('the repository image, lowercased at run time', () => {
  test('ghcr.io/${{ github.repository }}[/name]: a bash step lowercases it; tags, caches and the output read the step', async () => {
    const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'app', { image: DockerBuildJob.REPOSITORY_IMAGE, cache: RegistryCache.max() });
    new DockerBuildJob(ci, 'tools', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/tools`, cache: RegistryCache.max() });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    const yaml = ci.toYaml();
    const jobs = YAML.parse(yaml).jobs;
    expect(jobs.app.steps[1]).toEqual({ name: 'Lowercase the image name', id: 'image', shell: 'bash', run: 'echo "name=ghcr.io/${GITHUB_REPOSITORY,,}" >> "$GITHUB_OUTPUT"' });
    expect(jobs.tools.steps[1].run).toBe('echo "name=ghcr.io/${GITHUB_REPOSITORY,,}/tools" >> "$GITHUB_OUTPUT"');
    const build = jobs.app.steps[4].with;
    expect(build.tags).toBe('${{ steps.image.outputs.name }}:${{ github.sha }}');
    expect(build['cache-from']).toBe('type=registry,ref=${{ steps.image.outputs.name }}:buildcache');
    // A registry cache every branch reads is written from the default branch only.
    expect(build['cache-to']).toBe(`\${{ ((${CAN_PUSH}) && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)) && format('type=registry,ref={0}:buildcache,mode=max,ignore-error=true', steps.image.outputs.name) || '' }}`);
    expect(jobs.app.outputs.image).toBe(`\${{ (${CAN_PUSH}) && steps.build.outputs.digest != '' && format('{0}@{1}', steps.image.outputs.name, steps.build.outputs.digest) || '' }}`);
    expect(jobs.test.container.image).toBe('${{ needs.app.outputs.image }}');
    await expectValidWorkflow(yaml);
  });

  test('the step really lowercases (bash run as the runner runs it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-lower-'));
    const output = path.join(dir, 'output');
    const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'build', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/tools` });
    const run = YAML.parse(ci.toYaml()).jobs.build.steps[1].run;
    execFileSync('bash', ['-e', '-c', run], { env: { ...process.env, GITHUB_REPOSITORY: 'Acme-Corp/My.Shop', GITHUB_OUTPUT: output } });
    expect(fs.readFileSync(output, 'utf8')).toBe('name=ghcr.io/acme-corp/my.shop/tools\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('two repository images with the same suffix collide on a cache; different suffixes do not', () => {
    const ci = new Workflow(tempProject('registry'), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'a', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/api`, cache: RegistryCache.max() });
    new DockerBuildJob(ci, 'b', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/web`, cache: RegistryCache.max() });
    expect(() => ci.toYaml()).not.toThrow();
    new DockerBuildJob(ci, 'c', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/web`, cache: GhaCache.max({ scope: 'web' }) });
    new DockerBuildJob(ci, 'd', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/web`, cache: RegistryCache.min() });
    expect(problems2(ci)).toEqual([
      'ci: build jobs "b" and "d" both write the registry cache ref "ghcr.io/<repository>/web:buildcache", so they overwrite each other\'s cache index; ' +
      'give each image its own cache ref, e.g. RegistryCache.max({ ref: \'ghcr.io/<owner>/<repo>/web:buildcache-<name>\' }).',
      // The same repository image built three times also pushes one tag three times.
      'ci/b: build jobs ci/b and ci/c and ci/d all push ghcr.io/<repository>/web:<commit sha>, so the tag points at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/${{ github.repository }}/web/c"), or build the image once and hand its digest to every job that uses it.',
    ]);
  });

  test('only on GHCR; an uppercase suffix or another expression stays refused', () => {
    expect(problems(DockerBuildJob.REPOSITORY_IMAGE, HUB())).toEqual([
      'ci/build: image "ghcr.io/${{ github.repository }}" names a GHCR image, but registry is Docker Hub; name the image on Docker Hub literally, or leave registry out.',
    ]);
    expect(problems(`${DockerBuildJob.REPOSITORY_IMAGE}/Tools`, undefined)).toEqual([
      'ci/build: image "ghcr.io/${{ github.repository }}/Tools" contains an expression; give a literal name so it can be checked and lowercased at synth time.',
    ]);
  });
});

function problems2(ci: Workflow): string[] {
  try {
    ci.toYaml();
  } catch (e) {
    return (e as WorkflowValidationError).problems;
  }
  return [];
}
