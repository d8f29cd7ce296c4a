/**
 * Tags of one's own on a DockerBuildJob (`tags`, ReleaseTag rules): how they
 * are written (docker/metadata-action rules next to `<name>:<commit sha>`),
 * which tags a run pushes (GitHub's expression engine for the `${{ }}` the
 * library writes, then metadata-action's semantics for the rule types it
 * writes), and the refusals.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, InlineCache, PlatformStrategy, PromoteImageJob, RegistryCache, ReleaseTag, ReuseUnchanged, Workflow } from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario } from '../support/simulate';
import { tempProject, validationProblems } from '../support/synth';

type Step = { id?: string; name?: string; if?: string; uses?: string; run?: string; env?: { [k: string]: string }; with?: { [k: string]: string } };
type Jobs = { [id: string]: { permissions?: { [k: string]: string }; steps: Step[] } };

const TRIGGERS = { push: { branches: ['main', 'feature/*'], tags: ['v*'] }, pullRequest: {} };
const HASH = 'f'.repeat(64);

function jobsOf(yaml: string): Jobs {
  return (YAML.parse(yaml) as { jobs: Jobs }).jobs;
}

function step(jobs: Jobs, job: string, id: string): Step {
  const found = jobs[job].steps.find((s) => s.id === id);
  expect(found).toBeDefined();
  return found!;
}

/** The tags docker/metadata-action computes for one image from `rules` (the rule types the library writes), on `github`. */
function metadataTags(rules: string, github: { ref: string; defaultBranch: string; sha: string }): string[] {
  const tags: string[] = [];
  for (const line of rules.split('\n').filter((l) => l.trim() !== '')) {
    const attrs = Object.fromEntries(line.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    const enable = attrs.enable === undefined ? 'true' : attrs.enable === '{{is_default_branch}}' ? String(github.ref === `refs/heads/${github.defaultBranch}`) : attrs.enable;
    if (enable !== 'true') {
      continue;
    }
    const tag = github.ref.startsWith('refs/tags/') ? github.ref.slice('refs/tags/'.length) : undefined;
    const branch = github.ref.startsWith('refs/heads/') ? github.ref.slice('refs/heads/'.length) : undefined;
    if (attrs.type === 'raw') {
      tags.push(attrs.value);
    } else if (attrs.type === 'ref' && attrs.event === 'branch' && branch !== undefined) {
      tags.push(branch.replace(/[^a-zA-Z0-9._-]+/g, '-'));
    } else if (attrs.type === 'ref' && attrs.event === 'tag' && tag !== undefined) {
      tags.push(tag);
    } else if (attrs.type === 'semver' && tag !== undefined) {
      const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(tag);
      if (m) {
        tags.push(attrs.pattern.replace('{{version}}', `${m[1]}.${m[2]}.${m[3]}`).replace('{{major}}', m[1]).replace('{{minor}}', m[2]));
      }
    }
  }
  return tags;
}

/** The tags build-push-action receives on `run` (none when `push` is false), the files hashing to HASH (or matching none). */
function pushedTags(yaml: string, run: RunScenario, filesMatch = true): string[] {
  const jobs = jobsOf(yaml);
  const ctx = { contexts: runContexts(run) };
  const build = step(jobs, 'build', 'build');
  if (evaluateString(build.with!.push, ctx) !== 'true') {
    return [];
  }
  const meta = step(jobs, 'build', 'meta');
  // hashFiles is the runner's; the engine here has none: its value for this run, as a literal.
  const rules = evaluateString(meta.with!.tags.replace(/hashFiles\('[^']*'(?:, '[^']*')*\)/g, filesMatch ? `'${HASH}'` : "''"), ctx);
  const github = runContexts(run).github as { ref: string; sha: string };
  const own = metadataTags(rules, { ref: github.ref, defaultBranch: run.defaultBranch ?? 'main', sha: github.sha });
  const images = meta.with!.images.split('\n');
  const lines = build.with!.tags.split('\n').filter((l) => !l.includes('steps.meta.outputs.tags')).map((l) => evaluateString(l, ctx));
  return [...lines, ...images.flatMap((image) => own.map((t) => `${image}:${t}`))];
}

function synthesize(tags: ReleaseTag[], extra: object = {}): string {
  const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), tags, ...extra });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci.toYaml();
}

const SHA = 'a'.repeat(40);
const ALL = [
  ReleaseTag.latestOnDefaultBranch(),
  ReleaseTag.semver(),
  ReleaseTag.semver('{{major}}.{{minor}}'),
  ReleaseTag.branch(),
  ReleaseTag.raw('edge', { when: "github.ref == 'refs/heads/main'" }),
  ReleaseTag.contentHash(['package-lock.json', 'Dockerfile'], { prefix: 'deps-' }),
];

describe('tags of its own on a build', () => {
  const yaml = synthesize(ALL);

  test('are metadata-action rules for the image, after the commit tag; latest only where a rule says so; judged clean', async () => {
    const jobs = jobsOf(yaml);
    expect(step(jobs, 'build', 'meta').with).toEqual({
      images: 'ghcr.io/acme/app',
      flavor: 'latest=false',
      tags: [
        'type=raw,value=latest,enable={{is_default_branch}}',
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}',
        'type=ref,event=branch',
        "type=raw,value=edge,enable=${{ github.ref == 'refs/heads/main' }}",
        "type=raw,value=deps-${{ hashFiles('package-lock.json', 'Dockerfile') }},enable=${{ hashFiles('package-lock.json', 'Dockerfile') != '' }}",
      ].join('\n'),
    });
    expect(step(jobs, 'build', 'build').with!.tags).toBe('ghcr.io/acme/app:${{ github.sha }}\n${{ steps.meta.outputs.tags }}');
    // metadataTags' labels are not added by tags of one's own.
    expect(step(jobs, 'build', 'build').with!.labels).toBeUndefined();
    await expectValidWorkflow(yaml);
  });

  test('a push to the default branch: the commit tag, latest, the branch, edge and the content hash', () => {
    expect(pushedTags(yaml, { eventName: 'push', repository: 'acme/app', digest: '' })).toEqual([
      `ghcr.io/acme/app:${SHA}`, 'ghcr.io/acme/app:latest', 'ghcr.io/acme/app:main', 'ghcr.io/acme/app:edge', `ghcr.io/acme/app:deps-${HASH}`,
    ]);
  });

  test('a push of v1.2.3: the semver tags, no latest, no branch, no edge', () => {
    expect(pushedTags(yaml, { eventName: 'push', repository: 'acme/app', digest: '', ref: 'refs/tags/v1.2.3' })).toEqual([
      `ghcr.io/acme/app:${SHA}`, 'ghcr.io/acme/app:1.2.3', 'ghcr.io/acme/app:1.2', `ghcr.io/acme/app:deps-${HASH}`,
    ]);
  });

  test('another branch: its sanitized name, no latest; no content hash when no file matches', () => {
    expect(pushedTags(yaml, { eventName: 'push', repository: 'acme/app', digest: '', ref: 'refs/heads/feature/login' }, false)).toEqual([
      `ghcr.io/acme/app:${SHA}`, 'ghcr.io/acme/app:feature-login',
    ]);
  });

  test('a pull request from a fork pushes nothing: no tag at all', () => {
    expect(pushedTags(yaml, { eventName: 'pull_request', repository: 'acme/app', headRepository: 'someone/app', digest: '' })).toEqual([]);
    const login = jobsOf(yaml).build.steps.find((s) => s.name === 'Log in to ghcr.io')!;
    expect(evaluateCondition(login.if, { contexts: runContexts({ eventName: 'pull_request', repository: 'acme/app', headRepository: 'someone/app', digest: '' }) })).toBe(false);
  });

  test('with native runners the merge job gives the tags to the manifest list', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    const image = new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/app',
      cache: GhaCache.max(),
      platforms: ['linux/amd64', 'linux/arm64'],
      platformStrategy: PlatformStrategy.nativeRunners(),
      tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver()],
    });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    const text = ci.toYaml();
    const jobs = jobsOf(text);
    expect(step(jobs, 'build', 'meta').with!.tags).toBe('type=raw,value=latest,enable={{is_default_branch}}\ntype=semver,pattern={{version}}');
    expect(step(jobs, 'build', 'merge').env).toEqual({ IMAGE: 'ghcr.io/acme/app', META_TAGS: '${{ steps.meta.outputs.tags }}' });
    await expectValidWorkflow(text);
  });

  test('with the repository image the rules name the lowercased image', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    const image = new DockerBuildJob(ci, 'build', { image: DockerBuildJob.REPOSITORY_IMAGE, tags: [ReleaseTag.latestOnDefaultBranch()] });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    const text = ci.toYaml();
    expect(step(jobsOf(text), 'build', 'meta').with!.images).toBe('${{ steps.image.outputs.name }}');
    await expectValidWorkflow(text);
  });
});

describe('tags that are refused', () => {
  function problems(props: object): string[] {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', ...props });
    return validationProblems(ci);
  }

  test('tags and metadataTags together: metadataTags is a fixed set, list the tags instead', () => {
    expect(problems({ metadataTags: true, tags: [ReleaseTag.latestOnDefaultBranch()] })).toEqual([
      'ci/build: sets both metadataTags and tags; metadataTags is a fixed set (sha-<7>, the branch, pr-<number>, the semver version, latest on the default branch): ' +
        'leave it out and list the tags you want in tags, e.g. [ReleaseTag.branch(), ReleaseTag.semver(), ReleaseTag.latestOnDefaultBranch()].',
    ]);
  });

  test('an empty list, a value that is not a ReleaseTag, a repeated tag, a bad raw tag', () => {
    expect(problems({ tags: [] })).toEqual([
      'ci/build: tags is []; give tags such as [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver()], or leave it out.',
    ]);
    expect(problems({ tags: ['latest', ReleaseTag.semver(), ReleaseTag.semver(), ReleaseTag.raw('-x')] })).toEqual([
      'ci/build: tags[0] is "latest"; use ReleaseTag.raw(), .semver(), .branch(), .gitTag(), .latestOnDefaultBranch() or .contentHash().',
      'ci/build: tags[2] repeats tags[1] (semver {{version}}); list each tag once.',
      'ci/build: tags[3]: tag "-x" is not a Docker tag; use letters, digits, _, . and - (not first), at most 128 characters.',
    ]);
  });

  test('content hashes: files named, patterns hashFiles can read, a prefix that leaves room for 64 hex digits', () => {
    expect(problems({ tags: [ReleaseTag.contentHash([]), ReleaseTag.contentHash(["it's"], { prefix: 'x'.repeat(65) })] })).toEqual([
      "ci/build: tags[0]: ReleaseTag.contentHash() names no files; list the files the tag stands for, e.g. ReleaseTag.contentHash(['package-lock.json']).",
      `ci/build: tags[1]: content hash prefix "${'x'.repeat(65)}" must be letters, digits, _, . and - (not first), at most 64 characters, e.g. "deps-".`,
      'ci/build: tags[1]: content hash pattern "it\'s" must be a file pattern without quotes, line breaks or ${{ }} (hashFiles reads it literally).',
    ]);
  });

  test('with reuseUnchanged (a reused image gets no tag), and a content hash in a native merge job (no checkout)', () => {
    expect(problems({ tags: [ReleaseTag.latestOnDefaultBranch()], reuseUnchanged: ReuseUnchanged.whenFilesMatch(['Dockerfile']) })).toEqual([
      'ci/build: tags with reuseUnchanged would not move the tags on runs that reuse an image (nothing is pushed then, so latest would stay behind); leave one of the two out.',
    ]);
    expect(problems({
      tags: [ReleaseTag.contentHash(['Dockerfile'])], cache: GhaCache.max(), platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(),
    })).toEqual([
      'ci/build: tags holds ReleaseTag.contentHash(), but with PlatformStrategy.nativeRunners() the tags are given by the merge job, which has no checkout to hash; ' +
        'use PlatformStrategy.emulated(), or another tag.',
    ]);
  });

  test('a fixed tag where the registry or inline cache lives (on the image or a mirror)', () => {
    expect(problems({ tags: [ReleaseTag.raw('buildcache')], cache: RegistryCache.max(), alsoPushTo: [{ image: 'ghcr.io/acme/app-public' }] })).toEqual([
      "ci/build: tags pushes ghcr.io/acme/app:buildcache, where the build's cache lives; give the cache another ref " +
        "(e.g. RegistryCache.max({ ref: 'ghcr.io/acme/app:buildcache-cache' })), or the tag another name.",
    ]);
    expect(problems({ tags: [ReleaseTag.latestOnDefaultBranch()], cache: RegistryCache.max({ ref: 'ghcr.io/acme/app-public:latest' }), alsoPushTo: [{ image: 'ghcr.io/acme/app-public' }] })).toEqual([
      "ci/build: tags pushes ghcr.io/acme/app-public:latest, where the build's cache lives; give the cache another ref " +
        "(e.g. RegistryCache.max({ ref: 'ghcr.io/acme/app-public:buildcache-cache' })), or the tag another name.",
    ]);
    expect(problems({ tags: [ReleaseTag.raw('buildcache')], cache: new InlineCache() })).toHaveLength(1);
    // Other tags next to a registry cache are fine.
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: RegistryCache.max(), tags: [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.raw('edge')] });
    expect(() => ci.toYaml()).not.toThrow();
  });

  test('a promotion cannot give a content hash tag (it has no checkout)', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    const test = new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    new PromoteImageJob(ci, 'promote', { image, testedBy: [test], tags: [ReleaseTag.contentHash(['Dockerfile'])] });
    expect(validationProblems(ci)).toEqual([
      "ci/promote: tags holds files-<hash of Dockerfile>, which hashes checked-out files, but a promotion has no checkout; give that tag in the build's own tags instead.",
    ]);
  });
});
