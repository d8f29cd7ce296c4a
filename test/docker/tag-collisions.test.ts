/**
 * Two build jobs of one project that push the same tag (the same image name:
 * both push `<name>:<commit sha>`) are refused, as colliding caches are: the
 * tag would point at whichever build finished last.
 */
import { DockerBuildJob, GhaCache, Registry, ReleaseTag, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

const TRIGGERS = { push: { branches: ['main'] } };

describe('builds that push the same tag', () => {
  test('in one workflow: refused once, naming both builds by their construct paths, with a fix', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
    // Its own cache scope: only the tag collides.
    new DockerBuildJob(ci, 'build_debug', { image: 'ghcr.io/acme/app', cache: GhaCache.max({ scope: 'debug' }), target: 'debug' });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/build: build jobs ci/build and ci/build_debug both push ghcr.io/acme/app:<commit sha>, so the tag points at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/acme/app-build-debug"), or build the image once and hand its digest to every job that uses it.',
    ]);
  });

  test('in two workflows of a project: refused once, by the first build of the project', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: TRIGGERS });
    const release = new Workflow(project, 'release', { triggers: { push: { tags: ['v*'] } } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
    new DockerBuildJob(release, 'publish', { image: 'ghcr.io/acme/app', cache: GhaCache.max({ scope: 'release' }) });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/build: build jobs ci/build and release/publish both push ghcr.io/acme/app:<commit sha>, so the tag points at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/acme/app-publish"), or build the image once and hand its digest to every job that uses it.',
    ]);
  });

  test('two repository images with the same suffix collide; with different suffixes they do not', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'api', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/api`, cache: GhaCache.max({ scope: 'api' }) });
    new DockerBuildJob(ci, 'api_again', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/api`, cache: GhaCache.max({ scope: 'api-again' }) });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/api: build jobs ci/api and ci/api_again both push ghcr.io/<repository>/api:<commit sha>, so the tag points at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/${{ github.repository }}/api/api-again"), or build the image once and hand its digest to every job that uses it.',
    ]);

    const fine = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(fine, 'api', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/api`, cache: GhaCache.max({ scope: 'api' }), metadataTags: true });
    new DockerBuildJob(fine, 'worker', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/worker`, cache: GhaCache.max({ scope: 'worker' }), metadataTags: true });
    await expectValidWorkflow(fine.toYaml());
  });

  test('a mirror that is another build\'s image (Docker Hub names compared in their long form), with the tags both give it', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    const hub = Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' });
    new DockerBuildJob(ci, 'app', {
      image: 'ghcr.io/acme/app',
      cache: GhaCache.max(),
      tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver()],
      alsoPushTo: [{ image: 'docker.io/acme/app', registry: hub }],
    });
    new DockerBuildJob(ci, 'hub', {
      image: 'acme/app',
      registry: hub,
      cache: GhaCache.max({ scope: 'hub' }),
      tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.raw('edge')],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/app: build jobs ci/app and ci/hub both push docker.io/acme/app:<commit sha>, docker.io/acme/app:latest, so the tags point at whichever build finished last; ' +
        'give each build its own image name (e.g. "acme/app-hub") and mirror (alsoPushTo), or build the image once and hand its digest to every job that uses it.',
    ]);
  });

  test('two builds mirroring to one name; metadataTags\' tags are shared with a build that sets them too', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api', cache: GhaCache.max({ scope: 'api' }), metadataTags: true, alsoPushTo: [{ image: 'ghcr.io/acme/public' }] });
    new DockerBuildJob(ci, 'web', { image: 'ghcr.io/acme/web', cache: GhaCache.max({ scope: 'web' }), metadataTags: true, alsoPushTo: [{ image: 'ghcr.io/acme/public' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/api: build jobs ci/api and ci/web both push ghcr.io/acme/public:<commit sha>, ghcr.io/acme/public:sha-<short sha>, ghcr.io/acme/public:<branch name>, ' +
        'ghcr.io/acme/public:pr-<number>, ghcr.io/acme/public:<semver {{version}}>, ghcr.io/acme/public:latest, so the tags point at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/acme/public-web") and mirror (alsoPushTo), or build the image once and hand its digest to every job that uses it.',
    ]);
  });

  test('mirrors on other names do not collide', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api', cache: GhaCache.max({ scope: 'api' }), tags: [ReleaseTag.latestOnDefaultBranch()], alsoPushTo: [{ image: 'ghcr.io/acme/api-public' }] });
    new DockerBuildJob(ci, 'web', { image: 'ghcr.io/acme/web', cache: GhaCache.max({ scope: 'web' }), tags: [ReleaseTag.latestOnDefaultBranch()], alsoPushTo: [{ image: 'ghcr.io/acme/web-public' }] });
    await expectValidWorkflow(ci.toYaml());
  });
});
