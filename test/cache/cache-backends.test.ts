/**
 * Cache backends: each renders its own cache-from / cache-to strings, the
 * build job gates every export on the write policy, and bad options are
 * refused with exact messages (one WorkflowValidationError for all).
 */
import * as YAML from 'yaml';
import {
  ActionPinning, CacheCompression, CacheWritePolicy, DockerBuildJob, GhaCache, IDockerCache, InlineCache, LocalCache,
  LocalCacheCleanup, RegistryCache, S3Cache, Workflow,
} from '../../src';
import { gated } from '../../src/cache/cache-values';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { ContextValue, evaluateString, runContexts, RunScenario } from '../support/simulate';
import { tempProject } from '../support/synth';

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
/** What a cache every branch reads is written under by default (defaultBranchOnly()). */
const DEFAULT_BRANCH_WRITE = `(${CAN_PUSH}) && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)`;
const IMAGE = 'ghcr.io/acme/app';

type Step = { name?: string; if?: string; uses?: string; run?: string; with?: { [k: string]: string }; env?: { [k: string]: string } };
type Job = { permissions: { [scope: string]: string }; steps: Step[] };

function workflow(): Workflow {
  return new Workflow(tempProject('cache'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
}

/** One build job with `props`; returns the rendered job and the YAML. */
type Built = { job: Job; yaml: string; steps: Step[]; with: { [k: string]: string } };
function build(props: Partial<ConstructorParameters<typeof DockerBuildJob>[2]>, pinning?: ActionPinning): Built {
  const ci = new Workflow(tempProject('cache'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, pinning });
  new DockerBuildJob(ci, 'build', { image: IMAGE, ...props });
  const yaml = ci.toYaml();
  const job = YAML.parse(yaml).jobs.build as Job;
  return { job, yaml, steps: job.steps, with: job.steps.find((s) => s.uses?.startsWith('docker/build-push-action'))!.with! };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

function problemsWith(cache: unknown, extra: object = {}): string[] {
  const ci = workflow();
  new DockerBuildJob(ci, 'build', { image: IMAGE, cache: cache as IDockerCache, ...extra });
  return problemsOf(() => ci.toYaml());
}

/** The gated text of a cache-to line: what build-push-action receives on that run. */
function onRun(template: string, run: RunScenario, extra: { [key: string]: ContextValue } = {}): string {
  const contexts = runContexts(run);
  const github = { ...(contexts.github as { [k: string]: ContextValue }), token: 'ghs_token', ...extra };
  return evaluateString(template, { contexts: { ...contexts, github } });
}

const PUSH: RunScenario = { eventName: 'push', repository: 'Acme/Shop', digest: '' };
const SAME_REPO_PR: RunScenario = { eventName: 'pull_request', repository: 'Acme/Shop', headRepository: 'Acme/Shop', digest: '' };
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: 'Acme/Shop', headRepository: 'someone/Shop', digest: '' };

describe('the write policy gates every export', () => {
  test('default (trusted): push and same-repository PRs write, fork PRs get an empty cache-to; reads are never gated', () => {
    const { with: w } = build({ cache: GhaCache.max() });
    expect(w['cache-from']).toBe('type=gha,scope=acme-app');
    expect(w['cache-to']).toBe(`\${{ (${CAN_PUSH}) && 'type=gha,mode=max,scope=acme-app,ignore-error=true' || '' }}`);
    expect(onRun(w['cache-to'], PUSH)).toBe('type=gha,mode=max,scope=acme-app,ignore-error=true');
    expect(onRun(w['cache-to'], SAME_REPO_PR)).toBe('type=gha,mode=max,scope=acme-app,ignore-error=true');
    expect(onRun(w['cache-to'], FORK_PR)).toBe('');
    for (const event of ['schedule', 'workflow_dispatch', 'merge_group']) {
      expect(onRun(w['cache-to'], { eventName: event, repository: 'Acme/Shop', digest: '' })).not.toBe('');
    }
  });

  test('defaultBranchOnly: only the default branch writes', () => {
    const { with: w } = build({ cache: GhaCache.max(), cacheWritePolicy: CacheWritePolicy.defaultBranchOnly() });
    const repository = { default_branch: 'main' };
    const withRepo = (run: RunScenario) => onRun(w['cache-to'], run, { event: { ...(runContexts(run).github as { event: { [k: string]: ContextValue } }).event, repository } });
    expect(withRepo(PUSH)).toBe('type=gha,mode=max,scope=acme-app,ignore-error=true');
    expect(withRepo(SAME_REPO_PR)).toBe('');
    expect(onRun(w['cache-to'], PUSH, { ref: 'refs/heads/feature', event: { repository } })).toBe('');
  });

  test('when(): the expression AND "may push", so a fork PR never writes', () => {
    const { with: w } = build({ cache: GhaCache.min(), cacheWritePolicy: CacheWritePolicy.when("github.event_name == 'pull_request'") });
    expect(w['cache-to']).toBe(`\${{ ((${CAN_PUSH}) && (github.event_name == 'pull_request')) && 'type=gha,mode=min,scope=acme-app,ignore-error=true' || '' }}`);
    expect(onRun(w['cache-to'], PUSH)).toBe('');
    expect(onRun(w['cache-to'], SAME_REPO_PR)).not.toBe('');
    expect(onRun(w['cache-to'], FORK_PR)).toBe('');
  });

  test('readOnly: no cache-to, no extra tag, no save step at all', async () => {
    for (const cache of [GhaCache.max(), new InlineCache(), LocalCache.max()]) {
      const { with: w, steps, yaml } = build({ cache, cacheWritePolicy: CacheWritePolicy.readOnly() });
      expect(w).not.toHaveProperty('cache-to');
      expect(w.tags).toBe(`${IMAGE}:\${{ github.sha }}`);
      expect(steps.some((s) => s.uses?.includes('cache/save'))).toBe(false);
      await expectValidWorkflow(yaml);
    }
  });

  test('an expression inside a cache-to line becomes a format() argument (expressions do not nest)', () => {
    expect(gated('c', 'a,b=${{ github.token }},x={y}')).toBe("${{ (c) && format('a,b={0},x={{y}}', github.token) || '' }}");
    expect(gated('c', "it's")).toBe("${{ (c) && 'it''s' || '' }}");
  });

  test('bad policies are refused', () => {
    expect(problemsWith(GhaCache.max(), { cacheWritePolicy: CacheWritePolicy.when('${{ true }}') })).toEqual([
      'ci/build: cacheWritePolicy: CacheWritePolicy.when() needs a GitHub expression without ${{ }}, for example "github.event_name == \'push\'"; got "${{ true }}".',
    ]);
    expect(problemsWith(GhaCache.max(), { cacheWritePolicy: 'always' })).toEqual([
      'ci/build: cacheWritePolicy is "always"; pass CacheWritePolicy.trusted(), .defaultBranchOnly(), .readOnly() or .when(\'<expression>\').',
    ]);
  });
});

describe('GhaCache', () => {
  test('timeout goes to both directions; githubApi adds repository and ghtoken to cache-to and actions: read to the job', () => {
    const { with: w, job } = build({ cache: GhaCache.max({ timeout: '5m', githubApi: true }) });
    expect(w['cache-from']).toBe('type=gha,scope=acme-app,timeout=5m');
    expect(w['cache-to']).toBe(`\${{ (${CAN_PUSH}) && format('type=gha,mode=max,scope=acme-app,timeout=5m,ignore-error=true,repository={0},ghtoken={1}', github.repository, github.token) || '' }}`);
    expect(onRun(w['cache-to'], PUSH)).toBe('type=gha,mode=max,scope=acme-app,timeout=5m,ignore-error=true,repository=Acme/Shop,ghtoken=ghs_token');
    expect(job.permissions).toEqual({ actions: 'read', contents: 'read', packages: 'write' });
  });

  test('an explicit repository; without githubApi no token and no actions permission', () => {
    expect(build({ cache: GhaCache.min({ githubApi: true, repository: 'acme/cache-store' }) }).with['cache-to']).toContain("ignore-error=true,repository=acme/cache-store,ghtoken={0}', github.token)");
    expect(build({ cache: GhaCache.min() }).job.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  test('as a read-only extra source it adds no export permission', () => {
    const { with: w, job } = build({ cache: RegistryCache.max(), cacheFrom: [GhaCache.max({ githubApi: true })] });
    expect(w['cache-from']).toBe(`type=registry,ref=${IMAGE}:buildcache\ntype=gha,scope=acme-app`);
    expect(job.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  test('bad options', () => {
    expect(problemsWith(GhaCache.max({ timeout: '10 minutes', ignoreError: 'yes' as unknown as boolean, repository: 'acme/x' }))).toEqual([
      'ci/build: cache ignoreError is "yes"; use true or false, or leave it out.',
      'ci/build: cache timeout is "10 minutes"; give a Go duration such as "5m" (units h, m, s, ms).',
      'ci/build: cache repository is only used with githubApi: true; set githubApi: true or leave repository out.',
    ]);
    expect(problemsWith(GhaCache.max({ githubApi: true, repository: 'not a repo' }))).toEqual([
      'ci/build: cache repository is "not a repo"; give owner/name, for example "my-org/my-repo", or leave it out for this repository.',
    ]);
    expect(problemsWith(GhaCache.max({ scope: 42 as unknown as string }))).toEqual([
      'ci/build: cache scope 42 may only contain a-z, 0-9, ".", "_" and "-" (and never a ref or SHA); use a fixed name such as "my-image".',
    ]);
  });
});

describe('RegistryCache', () => {
  test('ref defaults to <image>:buildcache; every option renders; ignore-error defaults to true', async () => {
    const { with: w, yaml } = build({ cache: RegistryCache.max() });
    expect(w['cache-from']).toBe('type=registry,ref=ghcr.io/acme/app:buildcache');
    expect(onRun(w['cache-to'], PUSH)).toBe('type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,ignore-error=true');
    await expectValidWorkflow(yaml);
    const all = build({
      cache: RegistryCache.min({
        ref: 'ghcr.io/acme/cache:app',
        imageManifest: true,
        ociMediatypes: true,
        compression: CacheCompression.ZSTD,
        compressionLevel: 19,
        forceCompression: true,
        ignoreError: false,
      }),
    }).with;
    expect(onRun(all['cache-to'], PUSH)).toBe('type=registry,ref=ghcr.io/acme/cache:app,mode=min,image-manifest=true,oci-mediatypes=true,compression=zstd,compression-level=19,force-compression=true');
    expect(all['cache-from']).toBe('type=registry,ref=ghcr.io/acme/cache:app');
    expect(onRun(build({ cache: RegistryCache.max({ imageManifest: false, compression: CacheCompression.UNCOMPRESSED }) }).with['cache-to'], PUSH))
      .toBe('type=registry,ref=ghcr.io/acme/app:buildcache,mode=max,image-manifest=false,compression=uncompressed,ignore-error=true');
  });

  test('bad options', () => {
    expect(problemsWith(RegistryCache.max({ ref: 'ghcr.io/acme/app' }))).toEqual([
      'ci/build: cache ref "ghcr.io/acme/app" has no tag; add one, for example "ghcr.io/acme/app:buildcache" (never the tag the image is pushed with).',
    ]);
    expect(problemsWith(RegistryCache.max({ ref: 'ghcr.io/Acme/app:cache' }))).toEqual([
      'ci/build: cache ref: image "ghcr.io/Acme/app" has uppercase letters, which registries refuse; use "ghcr.io/acme/app".',
    ]);
    expect(problemsWith(RegistryCache.max({ ref: 'ghcr.io/acme/app:-bad' }))).toEqual([
      'ci/build: cache ref "ghcr.io/acme/app:-bad" has an invalid tag; a tag is letters, digits, "_", "." and "-", at most 128 characters, for example "buildcache".',
    ]);
    expect(problemsWith(RegistryCache.max({ ref: 'a,b=c' }))).toEqual([
      'ci/build: cache ref is "a,b=c"; give an image name with a tag, for example "ghcr.io/my-org/my-app:buildcache".',
    ]);
    expect(problemsWith(RegistryCache.max({ imageManifest: true, ociMediatypes: false, compressionLevel: 12 }))).toEqual([
      'ci/build: cache imageManifest: true needs OCI media types; remove ociMediatypes: false or set imageManifest: false.',
      'ci/build: cache compressionLevel (gzip) is 12; use a whole number from 0 to 9.',
    ]);
    expect(problemsWith(RegistryCache.max({ compression: 'brotli' as CacheCompression, compressionLevel: 3 }))).toEqual([
      'ci/build: cache compression is "brotli"; use CacheCompression.GZIP, CacheCompression.ESTARGZ, CacheCompression.ZSTD, CacheCompression.UNCOMPRESSED.',
    ]);
    expect(problemsWith(RegistryCache.max({ compression: CacheCompression.UNCOMPRESSED, compressionLevel: 3 }))).toEqual([
      'ci/build: cache compressionLevel has no effect with CacheCompression.UNCOMPRESSED; leave it out.',
    ]);
  });

  test('a cache in another registry than the image is refused: the build logs in only where it pushes', () => {
    expect(problemsWith(RegistryCache.max({ ref: 'quay.io/acme/app:cache' }))).toEqual([
      'ci/build: cache exports to quay.io, but the build logs in to ghcr.io only; keep the cache next to the image, e.g. RegistryCache.max({ ref: \'ghcr.io/acme/app:buildcache\' }).',
    ]);
  });

  test('two build jobs writing the same cache ref are refused, naming both', () => {
    const ci = workflow();
    new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api', cache: RegistryCache.max({ ref: 'ghcr.io/acme/cache:main' }) });
    new DockerBuildJob(ci, 'web', { image: 'ghcr.io/acme/web', cache: RegistryCache.min({ ref: 'ghcr.io/acme/cache:main' }) });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci: build jobs "api" and "web" both write the registry cache ref "ghcr.io/acme/cache:main", so they overwrite each other\'s cache index; ' +
      'give each image its own cache ref, e.g. RegistryCache.max({ ref: \'ghcr.io/acme/web:buildcache-<name>\' }).',
    ]);
  });

  test('the same ref only READ by a second job is fine', () => {
    const ci = workflow();
    new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api', cache: RegistryCache.max() });
    new DockerBuildJob(ci, 'web', { image: 'ghcr.io/acme/web', cache: GhaCache.max(), cacheFrom: [RegistryCache.max({ ref: 'ghcr.io/acme/api:buildcache' })] });
    expect(() => ci.toYaml()).not.toThrow();
  });
});

describe('InlineCache', () => {
  test('exports type=inline and pushes a stable tag on writing runs; every run imports that tag', async () => {
    const { with: w, yaml } = build({ cache: new InlineCache() });
    expect(w['cache-from']).toBe('type=registry,ref=ghcr.io/acme/app:buildcache');
    expect(onRun(w['cache-to'], PUSH)).toBe('type=inline');
    expect(w.tags.split('\n')).toEqual([
      'ghcr.io/acme/app:${{ github.sha }}',
      `\${{ (${DEFAULT_BRANCH_WRITE}) && 'ghcr.io/acme/app:buildcache' || '' }}`,
    ]);
    expect(onRun(w.tags, PUSH)).toBe('ghcr.io/acme/app:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nghcr.io/acme/app:buildcache');
    expect(onRun(w.tags, FORK_PR)).toBe('ghcr.io/acme/app:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n');
    await expectValidWorkflow(yaml);
    expect(build({ cache: new InlineCache({ tag: 'cache-main' }) }).with['cache-from']).toBe('type=registry,ref=ghcr.io/acme/app:cache-main');
  });

  test('bad tag; an inline and a registry cache on the same ref collide', () => {
    expect(problemsWith(new InlineCache({ tag: '.hidden' }))).toEqual([
      'ci/build: cache tag ".hidden" is not a valid tag; use letters, digits, "_", "." and "-", at most 128 characters, for example "buildcache".',
    ]);
    expect(problemsWith(new InlineCache({ tag: 'a,b' }))).toEqual([
      'ci/build: cache tag is "a,b"; give a non-empty value without spaces, commas, quotes, "=" or expressions, for example "buildcache".',
    ]);
    const ci = workflow();
    new DockerBuildJob(ci, 'a', { image: IMAGE, cache: new InlineCache() });
    new DockerBuildJob(ci, 'b', { image: 'ghcr.io/acme/other', cache: RegistryCache.max({ ref: 'ghcr.io/acme/app:buildcache' }) });
    expect(problemsOf(() => ci.toYaml())[0]).toMatch(/^ci: build jobs "a" and "b" both write the registry cache ref "ghcr.io\/acme\/app:buildcache"/);
  });
});

describe('LocalCache', () => {
  test('reset=true (default): restore before the build, export with reset, save after it on writing runs', async () => {
    const { steps, with: w, yaml } = build({ cache: LocalCache.max() });
    expect(steps.map((s) => s.name)).toEqual([
      'Check out repository', 'Set up Docker Buildx', 'Restore build cache /tmp/.buildx-cache', 'Log in to ghcr.io', 'Build and push image', 'Save build cache /tmp/.buildx-cache',
    ]);
    expect(steps[2]).toEqual({
      name: 'Restore build cache /tmp/.buildx-cache',
      uses: pinnedUses('cache', 'restore'),
      with: { 'path': '/tmp/.buildx-cache', 'key': 'buildx-acme-app-${{ github.sha }}', 'restore-keys': 'buildx-acme-app-' },
    });
    expect(steps[5]).toEqual({
      name: 'Save build cache /tmp/.buildx-cache',
      if: DEFAULT_BRANCH_WRITE,
      uses: pinnedUses('cache', 'save'),
      with: { path: '/tmp/.buildx-cache', key: 'buildx-acme-app-${{ github.sha }}' },
    });
    expect(w['cache-from']).toBe('type=local,src=/tmp/.buildx-cache');
    expect(onRun(w['cache-to'], PUSH)).toBe('type=local,dest=/tmp/.buildx-cache,mode=max,reset=true,ignore-error=true');
    await expectValidWorkflow(yaml);
  });

  test('move-over: export to <dir>-new, then replace the folder before saving (only if the export happened)', async () => {
    const { steps, with: w, yaml } = build({ cache: LocalCache.min({ directory: '/tmp/cache/app', key: 'app', cleanup: LocalCacheCleanup.MOVE_OVER }) });
    expect(onRun(w['cache-to'], PUSH)).toBe('type=local,dest=/tmp/cache/app-new,mode=min,ignore-error=true');
    expect(steps.slice(5).map((s) => [s.name, s.if, s.run ?? s.uses])).toEqual([
      ['Replace /tmp/cache/app with the new cache', DEFAULT_BRANCH_WRITE, 'if [ -d "/tmp/cache/app-new" ]; then rm -rf "/tmp/cache/app"; mv "/tmp/cache/app-new" "/tmp/cache/app"; fi'],
      ['Save build cache /tmp/cache/app', DEFAULT_BRANCH_WRITE, pinnedUses('cache', 'save')],
    ]);
    await expectValidWorkflow(yaml);
  });

  test('SHA pinning pins both sub-actions to the table\'s verified v5.0.5 commit; an override (a v6 commit) replaces it in both', () => {
    const pinned = (actions: object) => {
      const ci = new Workflow(tempProject('cache'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, pinning: ActionPinning.SHA, actions });
      new DockerBuildJob(ci, 'build', { image: IMAGE, cache: LocalCache.max() });
      return ci.toYaml();
    };
    const yaml = pinned({});
    const steps = (YAML.parse(yaml).jobs.build as Job).steps;
    expect(steps[2].uses).toBe('actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae');
    expect(steps[5].uses).toBe('actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae');
    expect(yaml).toContain('uses: actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5\n');
    // v6.1.0, as other repositories pin it: an organisation's own approved commit, say.
    const overridden = pinned({ cache: 'actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0' });
    expect(overridden).toContain('uses: actions/cache/restore@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0\n');
    expect(overridden).toContain('uses: actions/cache/save@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0\n');
    const readOnly = build({ cache: GhaCache.max(), cacheFrom: [LocalCache.max({ key: 'shared' })] }).steps;
    expect(readOnly.filter((s) => s.uses?.startsWith('actions/cache')).map((s) => s.uses)).toEqual([pinnedUses('cache', 'restore')]);
  });

  test('bad options', () => {
    expect(problemsWith(LocalCache.max({ directory: 'cache', key: 'Bad Key', cleanup: 'prune' as LocalCacheCleanup, ignoreError: 1 as unknown as boolean }))).toEqual([
      'ci/build: cache directory is "cache"; give an absolute path outside the repository, of letters, digits, ".", "_", "-" and "/", for example "/tmp/.buildx-cache".',
      'ci/build: cache key is "Bad Key"; use a fixed name of a-z, 0-9, ".", "_" and "-" (never a ref or SHA: the run\'s SHA is appended), for example "buildx-app".',
      'ci/build: cache cleanup is "prune"; use LocalCacheCleanup.RESET, LocalCacheCleanup.MOVE_OVER.',
      'ci/build: cache ignoreError is 1; use true or false, or leave it out.',
    ]);
    expect(problemsWith(LocalCache.max({ directory: '/tmp/$(rm -rf /)' }))[0]).toMatch(/^ci\/build: cache directory is "\/tmp\/\$\(rm -rf \/\)"/);
  });
});

describe('S3Cache', () => {
  test('location in both strings, credentials only as env of the build step, from secret names', async () => {
    const { with: w, steps, yaml } = build({
      cache: S3Cache.max({
        bucket: 'acme-build-cache',
        region: 'eu-west-1',
        prefix: 'buildx/',
        endpointUrl: 'https://minio.example.com:9000',
        usePathStyle: true,
        touchRefresh: '12h',
        uploadParallelism: 8,
        accessKeyIdSecret: 'CACHE_KEY_ID',
        secretAccessKeySecret: 'CACHE_SECRET',
        sessionTokenSecret: 'CACHE_SESSION',
      }),
    });
    const location = 'region=eu-west-1,bucket=acme-build-cache,name=acme-app,prefix=buildx/,endpoint_url=https://minio.example.com:9000,use_path_style=true';
    expect(w['cache-from']).toBe(`type=s3,${location}`);
    expect(onRun(w['cache-to'], PUSH)).toBe(`type=s3,${location},mode=max,touch_refresh=12h,upload_parallelism=8,ignore-error=true`);
    expect(steps[3].env).toEqual({
      AWS_ACCESS_KEY_ID: '${{ secrets.CACHE_KEY_ID }}', AWS_SECRET_ACCESS_KEY: '${{ secrets.CACHE_SECRET }}', AWS_SESSION_TOKEN: '${{ secrets.CACHE_SESSION }}',
    });
    expect(JSON.stringify(w)).not.toContain('secrets');
    await expectValidWorkflow(yaml);
    expect(build({ cache: S3Cache.min({ bucket: 'b-1', region: 'us-east-1' }) }).steps[3]).not.toHaveProperty('env');
  });

  test('bad options, and garbage instead of options, never a TypeError', () => {
    expect(problemsWith(S3Cache.max({
      bucket: 'Bad_Bucket',
      region: 'EU West',
      name: 'a b',
      endpointUrl: 'minio:9000',
      uploadParallelism: 0,
      touchRefresh: 'daily',
      accessKeyIdSecret: '${{ secrets.X }}',
      sessionTokenSecret: 'GITHUB_TOKEN',
    }))).toEqual([
      'ci/build: cache bucket is "Bad_Bucket"; give the S3 bucket name (3-63 lowercase letters, digits, "." and "-"), for example "my-build-cache".',
      'ci/build: cache region is "EU West"; give the bucket\'s region, for example "eu-west-1".',
      'ci/build: cache name is "a b"; give a non-empty value without spaces, commas, quotes, "=" or expressions, for example "my-app".',
      'ci/build: cache endpointUrl is "minio:9000"; give the service\'s base URL, for example "https://minio.example.com:9000".',
      'ci/build: cache touchRefresh is "daily"; give a Go duration such as "24h" (units h, m, s, ms).',
      'ci/build: cache uploadParallelism is 0; use a whole number from 1 to 64.',
      'ci/build: cache accessKeyIdSecret is "${{ secrets.X }}"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "AWS_ACCESS_KEY_ID", never the secret\'s value.',
      'ci/build: cache sessionTokenSecret is "GITHUB_TOKEN"; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "AWS_SESSION_TOKEN", never the secret\'s value.',
      'ci/build: cache accessKeyIdSecret and secretAccessKeySecret go together; give both, or neither to use credentials an earlier step exported.',
    ]);
    expect(problemsWith(S3Cache.max(null as unknown as { bucket: string; region: string }))).toEqual([
      'ci/build: cache bucket is undefined; give the S3 bucket name (3-63 lowercase letters, digits, "." and "-"), for example "my-build-cache".',
      'ci/build: cache region is undefined; give the bucket\'s region, for example "eu-west-1".',
    ]);
  });

  test('two jobs writing the same bucket/name collide; different names do not', () => {
    const ci = workflow();
    new DockerBuildJob(ci, 'a', { image: 'ghcr.io/acme/a', cache: S3Cache.max({ bucket: 'bkt', region: 'eu-west-1', name: 'shared' }) });
    new DockerBuildJob(ci, 'b', { image: 'ghcr.io/acme/b', cache: S3Cache.max({ bucket: 'bkt', region: 'eu-west-1', name: 'shared' }) });
    new DockerBuildJob(ci, 'c', { image: 'ghcr.io/acme/c', cache: S3Cache.max({ bucket: 'bkt', region: 'eu-west-1' }) });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci: build jobs "a" and "b" both write the s3 cache "s3/bkt/shared", so they overwrite each other\'s cache index; give each image its own name, e.g. S3Cache.max({ ..., name: \'<image>\' }).',
    ]);
  });
});

describe('cacheFrom: several read-only sources', () => {
  test('sources are read in order after the written cache and never written', async () => {
    const { with: w, yaml } = build({ cache: GhaCache.max(), cacheFrom: [RegistryCache.max(), new InlineCache({ tag: 'latest' })] });
    expect(w['cache-from']).toBe('type=gha,scope=acme-app\ntype=registry,ref=ghcr.io/acme/app:buildcache\ntype=registry,ref=ghcr.io/acme/app:latest');
    expect(onRun(w['cache-to'], PUSH)).toBe('type=gha,mode=max,scope=acme-app,ignore-error=true');
    expect(w.tags).toBe('ghcr.io/acme/app:${{ github.sha }}');
    await expectValidWorkflow(yaml);
    expect(build({ cacheFrom: [GhaCache.max()] }).with).not.toHaveProperty('cache-to');
  });

  test('garbage in cacheFrom is refused by index; a source\'s own problems are prefixed', () => {
    expect(problemsWith(GhaCache.max(), { cacheFrom: [GhaCache.max({ scope: 'Bad' }), 'gha'] })).toEqual([
      'ci/build: cacheFrom[0]: cache scope "Bad" may only contain a-z, 0-9, ".", "_" and "-" (and never a ref or SHA); use a fixed name such as "bad".',
      'ci/build: cacheFrom[1] is "gha"; pass a cache backend such as RegistryCache.max().',
    ]);
    expect(problemsWith(GhaCache.max(), { cacheFrom: 'gha' })).toEqual([
      'ci/build: cacheFrom is "gha"; give a list of caches to read, for example [RegistryCache.max()].',
    ]);
  });
});
