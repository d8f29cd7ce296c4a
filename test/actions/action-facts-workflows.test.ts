/**
 * The action-facts check over real workflows: every committed one (the
 * examples and the golden files) and workflows the library synthesizes now
 * with every feature that writes an input or reads an output of a table
 * action. The second part fails as soon as the library writes an input an
 * action does not declare, before any golden file is regenerated.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { actionFactsFindings } from '../../scripts/action-facts-check';
import {
  ActionPinning, CheckoutSubmodules, ContainerTestJob, DockerBuildJob, ForkPullRequests, GhaCache, IfNoFilesFound,
  LocalCache, LocalCacheCleanup, PlatformStrategy, Registry, ReleaseTag, Workflow,
} from '../../src';
import { ACTION_FACTS, CACHE_FACTS } from '../../src/actions/action-facts';
import { tempProject } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

/** examples/<name>/.github/workflows/*.yml and test/golden/*.yml, relative to the repository. */
function committedWorkflows(): string[] {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).flatMap((name) => {
    const dir = path.join('examples', name, '.github', 'workflows');
    return fs.existsSync(path.join(ROOT, dir)) ? fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yml')).map((f) => path.join(dir, f)) : [];
  });
  const golden = fs.readdirSync(path.join(ROOT, 'test', 'golden')).filter((f) => f.endsWith('.yml')).map((f) => path.join('test', 'golden', f));
  return [...examples, ...golden].sort();
}

/** Workflows using every library feature that writes `with:` inputs or reads step outputs of a table action. */
function libraryWorkflows(): { [name: string]: string } {
  const emulated = new Workflow(tempProject('facts'), 'emulated', {
    triggers: { push: { branches: ['main'] }, pullRequest: {} },
  });
  const app = new DockerBuildJob(emulated, 'build', {
    forkPullRequests: ForkPullRequests.fallback(),
    image: 'ghcr.io/acme/app',
    file: 'app/Dockerfile',
    context: 'app',
    target: 'runtime',
    buildArgs: { NODE_VERSION: '22' },
    buildSecrets: { npm_token: 'NPM_TOKEN' },
    buildContexts: { assets: './assets' },
    labels: { team: 'shop' },
    provenance: true,
    sbom: true,
    noCache: true,
    pull: true,
    metadataTags: true,
    platforms: ['linux/amd64', 'linux/arm64'],
    attestProvenance: true,
    cache: LocalCache.min({ directory: '/tmp/app-cache', cleanup: LocalCacheCleanup.MOVE_OVER }),
    cacheFrom: [GhaCache.max({ scope: 'shared' })],
  });
  new ContainerTestJob(emulated, 'test', {
    image: app,
    checkout: { fetchDepth: 0, lfs: true, submodules: CheckoutSubmodules.RECURSIVE, path: 'src' },
    reports: [{ name: 'junit', path: 'reports/', ifNoFilesFound: IfNoFilesFound.ERROR, retentionDays: 5 }],
    steps: [{ run: 'make test' }],
  });

  const native = new Workflow(tempProject('facts'), 'native', {
    triggers: { push: { branches: ['main'] }, pullRequest: {} },
    pinning: ActionPinning.SHA,
  });
  const hub = new DockerBuildJob(native, 'build', {
    image: 'acme/app',
    registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }),
    platforms: ['linux/amd64', 'linux/arm64'],
    platformStrategy: PlatformStrategy.nativeRunners(),
    metadataTags: true,
    attestProvenance: true,
    cache: GhaCache.max(),
  });
  new ContainerTestJob(native, 'test', { image: hub, steps: [{ run: 'make test' }] });

  // Tags of its own and mirrors, one of them on ECR (configure-aws-credentials, login with its step outputs).
  const mirrors = new Workflow(tempProject('facts'), 'mirrors', { triggers: { push: { branches: ['main'] } } });
  const mirrored = new DockerBuildJob(mirrors, 'build', {
    image: 'ghcr.io/acme/app',
    tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.contentHash(['package-lock.json'])],
    alsoPushTo: [
      { image: 'acme/app', registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }) },
      { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app', registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: 'arn:aws:iam::123456789012:role/push' }) },
      {
        image: 'us-docker.pkg.dev/acme/images/app',
        registry: Registry.googleArtifactRegistry({
          location: 'us', workloadIdentityProvider: 'projects/1/locations/global/workloadIdentityPools/gh/providers/app', serviceAccount: 'pusher@acme.iam.gserviceaccount.com',
        }),
      },
    ],
  });
  new ContainerTestJob(mirrors, 'test', { image: mirrored, steps: [{ run: 'make test' }] });
  return { 'emulated.yml': emulated.toYaml(), 'native.yml': native.toYaml(), 'mirrors.yml': mirrors.toYaml() };
}

/** What each step writes before `@`, over all `texts`. */
function actionsUsed(texts: readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const text of texts) {
    for (const job of Object.values(YAML.parse(text).jobs) as Array<{ steps?: Array<{ uses?: string }> }>) {
      for (const step of job.steps ?? []) {
        if (step.uses !== undefined) {
          used.add(step.uses.slice(0, step.uses.indexOf('@')));
        }
      }
    }
  }
  return used;
}

describe('the action-facts check on committed workflows', () => {
  const files = committedWorkflows();

  test('finds the examples and the golden files', () => {
    expect(files.filter((f) => f.startsWith('examples')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith(path.join('test', 'golden'))).length).toBeGreaterThan(0);
  });

  test.each(files)('%s: every input declared, every required input given, every output read declared', (file) => {
    expect(actionFactsFindings(fs.readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });
});

describe('the action-facts check on what the library synthesizes now', () => {
  const workflows = libraryWorkflows();

  test('the workflows use every table action the library emits (all but the bare actions/cache)', () => {
    const emitted = Object.values(ACTION_FACTS).flat().filter((f) => f !== CACHE_FACTS).map((f) => f.action);
    expect([...actionsUsed(Object.values(workflows))].sort()).toEqual([...emitted].sort());
  });

  test.each(Object.keys(workflows))('%s has no findings', (name) => {
    expect(actionFactsFindings(workflows[name])).toEqual([]);
  });
});
