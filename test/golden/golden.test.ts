/**
 * Golden files: the exact bytes of several workflow shapes. A change here is a
 * change every user sees in their diff, so it must be deliberate:
 * regenerate with `UPDATE_GOLDEN=1 npx jest test/golden` and review the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import {
  ActionPinning, CacheCompression, CacheWritePolicy, ForkPullRequests, PlatformStrategy,
  ContainerTestJob, DockerBuildJob, GhaCache, InlineCache, LocalCache, LocalCacheCleanup,
  PermissionLevel, Registry, RegistryCache, S3Cache, Workflow,
} from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { buildSeed } from '../support/seed';
import { tempProject } from '../support/synth';

const SHAPES: { [name: string]: (project: Project) => Workflow } = {
  'seed': (project) => buildSeed(project).ci,

  'two-images': (project) => {
    const ci = new Workflow(project, 'two-images', {
      name: 'Two images',
      triggers: { push: { branches: ['main'], tags: ['v*'] }, pullRequest: {}, workflowDispatch: {} },
    });
    const app = new DockerBuildJob(ci, 'build_app', { image: 'ghcr.io/acme/shop/app', file: 'app/Dockerfile', context: 'app', cache: GhaCache.max() });
    const tools = new DockerBuildJob(ci, 'build_tools', { image: 'ghcr.io/acme/shop/tools', file: 'tools/Dockerfile', cache: GhaCache.min() });
    new ContainerTestJob(ci, 'app_tests', { image: app, steps: [{ name: 'Unit tests', run: 'npm test' }] });
    new ContainerTestJob(ci, 'tool_checks', { image: tools, steps: [{ name: 'Check', run: 'make check' }] });
    return ci;
  },

  'fan-out': (project) => {
    const ci = new Workflow(project, 'fan-out', {
      triggers: { pullRequest: { branches: ['main'], types: ['opened', 'synchronize', 'reopened'] }, mergeGroup: {}, schedule: [{ cron: '0 4 * * 1' }] },
    });
    const image = new DockerBuildJob(ci, 'image', { image: 'ghcr.io/acme/api', cache: GhaCache.max() });
    new ContainerTestJob(ci, 'lint', { image, steps: [{ run: 'ruff check .' }] });
    new ContainerTestJob(ci, 'unit', { image, timeoutMinutes: 20, steps: [{ run: 'pytest -q tests/unit' }] });
    const integration = new ContainerTestJob(ci, 'integration', {
      image,
      env: { DATABASE_URL: 'postgres://localhost/test' },
      steps: [{ name: 'Integration', shell: 'bash', run: 'pytest -q tests/integration', timeoutMinutes: 15 }],
    });
    integration.addNeeds(ci.jobs.find((j) => j.jobId === 'unit')!);
    return ci;
  },

  // Organisation-policy shape: every action pinned to a full commit SHA (`# vX.Y.Z` as a comment), an extra
  // token permission merged with what the jobs need, and untrusted PR text handed to a script through env:.
  'pinned': (project) => {
    const ci = new Workflow(project, 'pinned', {
      name: 'Pinned',
      triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
      pinning: ActionPinning.SHA,
    });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), permissions: { idToken: PermissionLevel.WRITE } });
    new ContainerTestJob(ci, 'test', {
      image,
      steps: [
        { name: 'Show the pull request title', if: "github.event_name == 'pull_request'", env: { PR_TITLE: '${{ github.event.pull_request.title }}' }, run: 'echo "$PR_TITLE"' },
        { name: 'Test', run: 'make test' },
      ],
    });
    return ci;
  },

  'yaml-hostile': (project) => {
    const ci = new Workflow(project, 'hostile', {
      name: 'on',
      triggers: { push: { branches: ['yes', '3.10', '*', 'release/**'], pathsIgnore: ['!docs/**', '# not a comment'] } },
    });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/null', name: 'no', cache: GhaCache.max({ scope: 'on' }) });
    new ContainerTestJob(ci, 'test', {
      image,
      name: '~',
      env: { on: 'off', NULL: 'null', VERSION: '3.10', HEX: '0x1F', STAR: '*a', AMP: '&b', BANG: '!c', COLON: 'a: b', SPACE: ' lead', EMPTY: '' },
      steps: [
        { name: 'yes', run: 'echo "${{ github.sha }}"  # trailing comment\n\n  indented line\nlast line\n' },
        { name: '- dash', run: 'printf \'%s\\n\' "a: b" \'# c\' "\ttab"' },
        { name: 'unicode é 漢字 🙂', run: `echo ${'x'.repeat(300)}` },
      ],
    });
    return ci;
  },

  // Caching and registries (docs/caching-and-registries.md): one shape per backend and registry kind.
  'registry-cache': (project) => {
    const ci = new Workflow(project, 'registry-cache', { triggers: { push: { branches: ['main'] }, pullRequest: {}, workflowDispatch: {} } });
    const app = new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/app',
      cache: RegistryCache.max({ compression: CacheCompression.ZSTD, compressionLevel: 3 }),
      cacheFrom: [GhaCache.max({ scope: 'app' })],
      cacheWritePolicy: CacheWritePolicy.defaultBranchOnly(),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  'docker-hub': (project) => {
    const ci = new Workflow(project, 'docker-hub', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', {
      image: 'acme/app',
      registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }),
      cache: new InlineCache(),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  'local-cache': (project) => {
    const ci = new Workflow(project, 'local-cache', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api', cache: LocalCache.max() });
    new DockerBuildJob(ci, 'web', { image: 'ghcr.io/acme/web', cache: LocalCache.min({ directory: '/tmp/web-cache', cleanup: LocalCacheCleanup.MOVE_OVER }) });
    return ci;
  },

  's3-private-registry': (project) => {
    const ci = new Workflow(project, 's3', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', {
      image: 'registry.example.com:5000/team/app',
      registry: Registry.custom({ host: 'registry.example.com:5000', username: 'ci-robot', passwordSecret: 'REGISTRY_TOKEN' }),
      cache: S3Cache.max({ bucket: 'acme-build-cache', region: 'eu-west-1', prefix: 'buildx/', accessKeyIdSecret: 'CACHE_AWS_KEY_ID', secretAccessKeySecret: 'CACHE_AWS_SECRET' }),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    const api = new DockerBuildJob(ci, 'api', { image: 'registry.example.com:5000/team/api', registry: Registry.custom({ host: 'registry.example.com:5000', usernameSecret: 'REGISTRY_USER', passwordSecret: 'REGISTRY_TOKEN' }), cache: GhaCache.max({ githubApi: true, timeout: '5m' }) });
    new ContainerTestJob(ci, 'api_test', { image: api, steps: [{ run: 'make test' }] });
    return ci;
  },

  'build-options': (project) => {
    const ci = new Workflow(project, 'build-options', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/app',
      target: 'runtime',
      buildArgs: { NODE_VERSION: '22' },
      buildSecrets: { npm_token: 'NPM_TOKEN' },
      buildContexts: { assets: './assets' },
      labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app' },
      provenance: false,
      sbom: false,
      pull: true,
      cache: GhaCache.max(),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  'repository-image': (project) => {
    const ci = new Workflow(project, 'repository-image', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', { image: DockerBuildJob.REPOSITORY_IMAGE, cache: RegistryCache.max() });
    const tools = new DockerBuildJob(ci, 'tools', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/tools`, cache: new InlineCache() });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    new ContainerTestJob(ci, 'tool_checks', { image: tools, steps: [{ run: 'make check' }] });
    return ci;
  },

  'metadata-tags': (project) => {
    const ci = new Workflow(project, 'metadata-tags', { triggers: { push: { branches: ['main'], tags: ['v*'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', metadataTags: true, labels: { team: 'shop' }, cache: GhaCache.max() });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  // Multi-platform (docs/platforms.md): arm64 emulated with QEMU, signed provenance, SHA pinning.
  'platforms': (project) => {
    const ci = new Workflow(project, 'platforms', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, pinning: ActionPinning.SHA });
    const app = new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/app',
      platforms: ['linux/amd64', 'linux/arm64'],
      attestProvenance: true,
      cache: GhaCache.max(),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  // Each platform on its own native runner, pushed by digest, merged into one manifest list (docs/platforms.md).
  'platforms-native': (project) => {
    const ci = new Workflow(project, 'platforms-native', {
      triggers: { push: { branches: ['main'] }, pullRequest: {} },
      pinning: ActionPinning.SHA,
    });
    const app = new DockerBuildJob(ci, 'build', {
      forkPullRequests: ForkPullRequests.fallback(),
      image: 'ghcr.io/acme/app',
      platforms: ['linux/amd64', 'linux/arm64'],
      platformStrategy: PlatformStrategy.nativeRunners(),
      attestProvenance: true,
      metadataTags: true,
      cache: GhaCache.max(),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    new ContainerTestJob(ci, 'test_arm64', { image: app, runsOn: ['ubuntu-24.04-arm'], steps: [{ run: 'make test' }] });
    return ci;
  },

  'platforms-native-repository-image': (project) => {
    const ci = new Workflow(project, 'native-repo', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'image', {
      image: `${DockerBuildJob.REPOSITORY_IMAGE}/app`,
      platforms: ['linux/arm64', 'linux/amd64'],
      platformStrategy: PlatformStrategy.nativeRunners({ runners: { 'linux/arm64': 'ubuntu-22.04-arm', 'linux/amd64': 'ubuntu-22.04' } }),
      cache: GhaCache.min({ scope: 'app' }),
    });
    new ContainerTestJob(ci, 'test', { image: app, steps: [{ run: 'make test' }] });
    return ci;
  },

  'attest-repository-image': (project) => {
    const ci = new Workflow(project, 'attest', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build', { image: DockerBuildJob.REPOSITORY_IMAGE, platforms: ['linux/arm64'], attestProvenance: true, cache: GhaCache.max() });
    new ContainerTestJob(ci, 'test', { image: app, runsOn: ['ubuntu-24.04-arm'], steps: [{ run: 'make test' }] });
    return ci;
  },
};

describe('golden workflows', () => {
  test.each(Object.keys(SHAPES))('%s matches its golden file byte for byte and passes the judge', async (shape) => {
    const project = tempProject('golden');
    const text = SHAPES[shape](project).toYaml();
    const golden = path.join(__dirname, `${shape}.yml`);
    if (process.env.UPDATE_GOLDEN) {
      fs.writeFileSync(golden, text);
    }
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
    await expectValidWorkflow(text, `${shape}.yml`);
  });
});
