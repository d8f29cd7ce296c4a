// Image builds beyond the seed: a multi-platform application image built on native runners with
// signed provenance and semver tags, and a tools image on Docker Hub with its registry cache,
// a build target, build args, a build secret, tags of its own and mirrors on GHCR and ECR. Three
// test jobs run in them.
// Run it from the repository root with `npm run example -- examples/image-builds`.
import { Project } from 'projen';
import {
  CacheWritePolicy, ContainerTestJob, DockerBuildJob, GhaCache, PlatformStrategy, Registry, RegistryCache, ReleaseTag, Workflow,
} from 'projen-docker-ci';

const project = new Project({ name: 'image-builds' });

const ci = new Workflow(project, 'ci', {
  name: 'Image builds',
  triggers: {
    push: { branches: ['main'], tags: ['v*'] },
    pullRequest: { branches: ['main'] },
    workflowDispatch: {},
  },
});

// ghcr.io/<owner>/<repo>, lowercased at run time. Each platform builds on a runner of its own
// architecture (ubuntu-24.04, ubuntu-24.04-arm) with its own gha cache scope; the build job merges
// the two digests into one manifest list and attests its provenance.
const app = new DockerBuildJob(ci, 'app', {
  image: DockerBuildJob.REPOSITORY_IMAGE,
  platforms: ['linux/amd64', 'linux/arm64'],
  platformStrategy: PlatformStrategy.nativeRunners(),
  cache: GhaCache.max(),
  // sha, branch and pull-request tags; v1.2.3, 1.2 and 1 on a v* tag; latest on the default branch.
  metadataTags: true,
  attestProvenance: true,
});

// Docker Hub with a username and an access token from secrets. The layer cache lives beside the
// image (acme/shop-tools:buildcache); only pushes to the default branch refresh it, and every build
// also reads the cache the base image's own repository publishes.
const tools = new DockerBuildJob(ci, 'tools', {
  image: 'acme/shop-tools',
  registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }),
  context: 'tools',
  target: 'ci',
  buildArgs: { NODE_VERSION: '22' },
  // Mounted as /run/secrets/npm_token by RUN --mount=type=secret,id=npm_token; never a layer, never echoed.
  buildSecrets: { npm_token: 'NPM_TOKEN' },
  cache: RegistryCache.max(),
  cacheFrom: [RegistryCache.max({ ref: 'acme/shop-base:buildcache' })],
  cacheWritePolicy: CacheWritePolicy.defaultBranchOnly(),
  // Tags of its own, on runs that push: latest on the default branch, 1.2.3 on a v1.2.3 tag, and the
  // hash of the lock file (the same dependencies, the same tag).
  tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver(), ReleaseTag.contentHash(['tools/package-lock.json'], { prefix: 'deps-' })],
  // The same build, with the same tags, on GHCR (the workflow's token) and on ECR (OIDC: no secret).
  // The lint job still runs acme/shop-tools@<digest>.
  alsoPushTo: [
    { image: 'ghcr.io/acme/shop-tools' },
    {
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-tools',
      registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/shop-tools-push' }),
    },
  ],
});

new ContainerTestJob(ci, 'test', { image: app, steps: [{ name: 'Unit tests', run: 'make test' }] });
// The manifest list holds both platforms: on an arm64 runner the container job runs the arm64 image.
new ContainerTestJob(ci, 'test_arm64', { image: app, runsOn: ['ubuntu-24.04-arm'], steps: [{ name: 'Unit tests', run: 'make test' }] });
new ContainerTestJob(ci, 'lint', { image: tools, steps: [{ name: 'Lint', run: 'npm run lint' }] });

project.synth();
