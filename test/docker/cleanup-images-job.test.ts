/**
 * CleanupImagesJob: the per-commit versions a policy drops, deleted through
 * GitHub's packages API; never a version with another tag, never a child
 * manifest a kept index lists. Runs are simulated with GitHub's expression
 * engine; the clean-up script of the synthesized YAML is executed with a
 * stand-in `gh` (answering the version list from a fixture, page by page,
 * and recording deletes) and a stand-in `docker` (answering
 * `imagetools inspect --raw` with each index's manifest list).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { CleanupImagesJob, CleanupImagesJobProps, DockerBuildJob, PermissionLevel, Registry, Workflow } from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario } from '../support/simulate';
import { tempProject, validationProblems } from '../support/synth';

type StepYaml = {
  name?: string; if?: string; uses?: string; with?: { [k: string]: string }; env?: { [k: string]: string }; run?: string; shell?: string;
};
type JobYaml = { 'if': string; 'permissions': { [scope: string]: string }; 'steps': StepYaml[]; 'timeout-minutes': number; 'concurrency': unknown };

/** A CI workflow with the build, and a scheduled housekeeping workflow with the clean-up. */
function housekeeping(props: Partial<CleanupImagesJobProps> = {}, build: { metadataTags?: boolean; image?: string } = {}) {
  const project = tempProject('cleanup');
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const image = new DockerBuildJob(ci, 'build', { image: build.image ?? 'ghcr.io/acme/shop', metadataTags: build.metadataTags });
  const hk = new Workflow(project, 'housekeeping', { triggers: { schedule: [{ cron: '0 4 * * 1' }], workflowDispatch: {} } });
  new CleanupImagesJob(hk, 'cleanup', { builds: [image], keepLatest: 2, ...props });
  return { project, ci, hk, image };
}

function cleanupJob(yaml: string): JobYaml {
  return (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml } }).jobs.cleanup;
}

describe('the clean-up job', () => {
  const yaml = housekeeping({ olderThanDays: 30 }).hk.toYaml();
  const job = cleanupJob(yaml);

  test('is a valid workflow (GitHub\'s parser, actionlint, zizmor)', async () => {
    await expectValidWorkflow(yaml);
  });

  test('may write packages and nothing else, has a timeout and one clean-up at a time, and checks nothing out', () => {
    expect(job.permissions).toEqual({ packages: 'write' });
    expect(job['timeout-minutes']).toBe(15);
    expect(job.concurrency).toEqual({ 'group': 'ghcr-cleanup', 'cancel-in-progress': false });
    expect(job.steps.some((s) => (s.uses ?? '').startsWith('actions/checkout'))).toBe(false);
  });

  test('logs in to GHCR (to read indexes), then one bash step per image whose values all come from env', () => {
    expect(job.steps[0].uses).toMatch(/^docker\/login-action@[0-9a-f]{40}$/);
    expect(job.steps[0].if).toBeUndefined();
    const step = job.steps[1];
    expect(step.name).toBe('Clean up ghcr.io/acme/shop');
    expect(step.env).toEqual({
      GH_TOKEN: '${{ github.token }}', IMAGE: 'ghcr.io/acme/shop', PER_COMMIT: '^([0-9a-f]{40})$', KEEP_LATEST: '2', OLDER_THAN_DAYS: '30', DRY_RUN: 'false',
    });
    expect(step.run).not.toContain('${{');
  });

  test('builds with metadata tags also count sha-<7> and pr-<n> tags as per-commit', () => {
    const step = cleanupJob(housekeeping({}, { metadataTags: true }).hk.toYaml()).steps[1];
    expect(step.env!.PER_COMMIT).toBe('^([0-9a-f]{40}|sha-[0-9a-f]{7}|pr-[0-9]+)$');
  });

  test('a repository image and literal names each get their step; the script lowercases the name', async () => {
    const { hk } = housekeeping({ imageNames: ['ghcr.io/acme/tools', 'ghcr.io/acme/shop/api'] }, { image: 'ghcr.io/${{ github.repository }}' });
    const yaml2 = hk.toYaml();
    const steps = cleanupJob(yaml2).steps.slice(1);
    expect(steps.map((s) => s.env!.IMAGE)).toEqual(['ghcr.io/${{ github.repository }}', 'ghcr.io/acme/tools', 'ghcr.io/acme/shop/api']);
    await expectValidWorkflow(yaml2);
  });
});

describe('which runs clean up, simulated', () => {
  const REPOSITORY = 'acme/shop';
  const run = (yaml: string, scenario: Partial<RunScenario> & { eventName: string }) =>
    evaluateCondition(cleanupJob(yaml).if, { contexts: runContexts({ repository: REPOSITORY, digest: '', ...scenario }) });
  const yaml = housekeeping().hk.toYaml();

  test('schedules, manual runs and pushes to the default branch clean up', () => {
    expect(run(yaml, { eventName: 'schedule' })).toBe(true);
    expect(run(yaml, { eventName: 'workflow_dispatch' })).toBe(true);
    expect(run(yaml, { eventName: 'push' })).toBe(true);
  });

  test('pushes to other branches and tags do not', () => {
    expect(run(yaml, { eventName: 'push', ref: 'refs/heads/feature' })).toBe(false);
    expect(run(yaml, { eventName: 'push', ref: 'refs/tags/v1.2.3' })).toBe(false);
  });

  test('pull requests (same repository or fork, pull_request_target) and merge queues never do, even with an if of one\'s own', () => {
    const open = housekeeping({ if: 'always()' }).hk.toYaml();
    for (const y of [yaml, open]) {
      expect(run(y, { eventName: 'pull_request', headRepository: REPOSITORY })).toBe(false);
      expect(run(y, { eventName: 'pull_request', headRepository: 'mallory/shop' })).toBe(false);
      expect(run(y, { eventName: 'pull_request_target', headRepository: 'mallory/shop' })).toBe(false);
      expect(run(y, { eventName: 'merge_group' })).toBe(false);
    }
    expect(run(open, { eventName: 'push', ref: 'refs/tags/v1.2.3' })).toBe(true);
  });
});

describe('in the CI workflow itself', () => {
  const project = tempProject('cleanup-ci');
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop' });
  new CleanupImagesJob(ci, 'cleanup', { builds: [image], keepLatest: 50 });
  const yaml = ci.toYaml();

  test('is a valid workflow, and the clean-up needs nothing (it reads no output of the build)', async () => {
    await expectValidWorkflow(yaml);
    expect((YAML.parse(yaml) as { jobs: { cleanup: { needs?: string[] } } }).jobs.cleanup.needs).toBeUndefined();
  });

  test('the result job expects it skipped on a pull request and run on a push to the default branch', () => {
    const result = (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml & { needs: string[] } } }).jobs.result;
    const required = result.steps[0].env![`REQUIRED_${result.needs.indexOf('cleanup') + 1}`];
    const ctxOf = (scenario: RunScenario) => ({ contexts: { ...runContexts(scenario), needs: {} } });
    expect(evaluateString(required, ctxOf({ eventName: 'pull_request', repository: 'acme/shop', headRepository: 'acme/shop', digest: '' }))).toBe('false');
    expect(evaluateString(required, ctxOf({ eventName: 'push', repository: 'acme/shop', digest: '' }))).toBe('true');
  });
});

// ---- The script, executed against a stand-in gh and docker ----

const DAY = 86_400_000;
const hex = (n: number, width = 64) => n.toString(16).padStart(width, '0');
const digestOf = (id: number) => `sha256:${hex(id)}`;
const SHA = (n: number) => hex(n, 40);
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

interface Version { id: number; ageDays: number; tags: string[]; children?: number[] }

/**
 * The package: per-commit versions (1 to 5 days old, 20, 45, 70, 100), some
 * multi-platform indexes with untagged children (one child shared with a
 * kept release, one a nested index), versions with release, default-branch, reuse, cache and
 * branch tags, an untagged orphan, an attestation tagged after its subject,
 * and metadata-action tags.
 */
const VERSIONS: Version[] = [
  { id: 101, ageDays: 1, tags: [SHA(1)] },
  { id: 102, ageDays: 5, tags: [SHA(2)] },
  { id: 103, ageDays: 10, tags: [SHA(3), 'latest', 'main'] },
  { id: 104, ageDays: 20, tags: [SHA(4)], children: [201, 202, 203] },
  { id: 105, ageDays: 40, tags: ['1.2.3'], children: [204, 206] },
  { id: 106, ageDays: 45, tags: [SHA(6)], children: [206, 207] },
  { id: 107, ageDays: 50, tags: [`inputs-${hex(1, 12)}-${hex(2)}`] },
  { id: 108, ageDays: 60, tags: [SHA(8), 'feature-x'] },
  { id: 109, ageDays: 70, tags: [SHA(9)] },
  { id: 110, ageDays: 80, tags: [] },
  { id: 111, ageDays: 69, tags: [`sha256-${hex(109)}`], children: [208] },
  { id: 112, ageDays: 90, tags: ['sha-abcdef1', 'pr-7'] },
  { id: 113, ageDays: 95, tags: ['buildcache'] },
  { id: 114, ageDays: 100, tags: [SHA(14)], children: [209] },
  { id: 209, ageDays: 100, tags: [], children: [210] },
  ...[201, 202, 203, 204, 206, 207, 208, 210].map((id) => ({ id, ageDays: 20, tags: [] })),
];

const isIndex = (id: number) => VERSIONS.find((v) => v.id === id)?.children !== undefined;

interface ScriptRun { status: number | null; deleted: number[]; calls: string[]; stdout: string; stderr: string; stepSummary: string }

/** Runs the clean-up step of `yaml` against the fixture, 3 versions a page; `failOn` makes the gh call containing it fail. */
function runCleanup(yaml: string, options: { failOn?: string; ownerType?: string; step?: number } = {}): ScriptRun {
  const step = cleanupJob(yaml).steps[options.step ?? 1];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cleanup-'));
  const now = Date.now();
  const api = VERSIONS.map((v) => ({
    id: v.id,
    name: digestOf(v.id),
    created_at: new Date(now - v.ageDays * DAY).toISOString().replace(/\.\d+Z$/, 'Z'),
    metadata: { package_type: 'container', container: { tags: v.tags } },
  }));
  fs.mkdirSync(path.join(dir, 'pages'));
  for (let page = 0; page * 3 < api.length; page++) {
    fs.writeFileSync(path.join(dir, 'pages', `${page + 1}.json`), JSON.stringify(api.slice(page * 3, page * 3 + 3)));
  }
  fs.mkdirSync(path.join(dir, 'manifests'));
  for (const v of VERSIONS) {
    const raw = v.children
      ? { mediaType: INDEX, manifests: v.children.map((c) => ({ mediaType: isIndex(c) ? INDEX : MANIFEST, digest: digestOf(c) })) }
      : { mediaType: MANIFEST, config: { digest: `sha256:${hex(9999)}` }, layers: [] };
    fs.writeFileSync(path.join(dir, 'manifests', hex(v.id)), JSON.stringify(raw));
  }
  const log = path.join(dir, 'calls');
  fs.writeFileSync(path.join(dir, 'gh'), [
    '#!/usr/bin/env bash',
    `echo "gh $*" >> "${log}"`,
    'if [ -n "$FAIL_ON" ] && [[ "$*" == *"$FAIL_ON"* ]]; then echo "gh: Server Error (HTTP 500)" >&2; exit 1; fi',
    'if [ "$2" = "--method" ]; then exit 0; fi',
    'case "$2" in',
    `  /users/*/packages/*|/orgs/*) page="\${2##*page=}"; cat "${dir}/pages/$page.json" 2>/dev/null || echo "[]" ;;`,
    '  /users/*) echo "{\\"type\\": \\"$OWNER_TYPE\\"}" ;;',
    '  *) echo "gh: unexpected call $*" >&2; exit 1 ;;',
    'esac',
  ].join('\n'), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'docker'), [
    '#!/usr/bin/env bash',
    `echo "docker $*" >> "${log}"`,
    'digest="${5#*@sha256:}"',
    'if [ "$FAIL_ON" = "docker" ]; then echo "ERROR: manifest unknown" >&2; exit 1; fi',
    `cat "${dir}/manifests/$digest"`,
  ].join('\n'), { mode: 0o755 });
  const summary = path.join(dir, 'summary');
  const env: { [k: string]: string } = {
    ...step.env!,
    GH_TOKEN: 'fake',
    PATH: `${dir}:${process.env.PATH}`,
    FAIL_ON: options.failOn ?? '',
    OWNER_TYPE: options.ownerType ?? 'Organization',
    TMPDIR: dir,
    GITHUB_STEP_SUMMARY: summary,
  };
  const proc = spawnSync('bash', ['-c', step.run!], { env, encoding: 'utf8' });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  const stepSummary = fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '';
  fs.rmSync(dir, { recursive: true, force: true });
  const deleted = calls.filter((c) => c.startsWith('gh api --method DELETE')).map((c) => Number(/versions\/(\d+)/.exec(c)![1]));
  return { status: proc.status, deleted, calls, stdout: proc.stdout, stderr: proc.stderr, stepSummary };
}

/** The ids never to delete whatever the policy: tagged with something else, an orphan, a child a kept release lists. */
const NEVER = [103, 105, 107, 108, 110, 113, 204, 206];

describe('the clean-up script', () => {
  test('keepLatest 2: the older per-commit versions go, each index with the children only it listed, an attestation with its subject', () => {
    const { status, deleted, calls, stdout, stepSummary } = runCleanup(housekeeping({ keepLatest: 2 }).hk.toYaml());
    expect(status).toBe(0);
    expect(stepSummary).toBe('ghcr.io/acme/shop: 23 versions, 8 tagged ones kept, 12 to delete.\n');
    expect([...deleted].sort()).toEqual([104, 106, 109, 111, 114, 201, 202, 203, 207, 208, 209, 210]);
    // An index before its children (a nested index's too), so no kept index ever lists a deleted manifest.
    for (const [index, kids] of [[104, [201, 202, 203]], [106, [207]], [111, [208]], [114, [209, 210]]] as const) {
      for (const kid of kids) {
        expect(deleted.indexOf(index)).toBeLessThan(deleted.indexOf(kid));
      }
    }
    for (const id of NEVER) {
      expect(deleted).not.toContain(id);
    }
    // Every page was read (23 versions, 3 a page: 8 pages and the empty 9th).
    expect(calls.filter((c) => c.includes('/versions?per_page=100&page='))).toHaveLength(9);
    expect(calls).toContain('gh api /users/acme');
    expect(calls).toContain('gh api /orgs/acme/packages/container/shop/versions?per_page=100&page=1');
    expect(stdout).toContain(`deleted version 104 (${digestOf(104)}, tags: ${SHA(4)})`);
  });

  test('olderThanDays 30: only per-commit versions older than 30 days go; the 20-day-old index keeps its children', () => {
    const { status, deleted } = runCleanup(housekeeping({ keepLatest: undefined, olderThanDays: 30 }).hk.toYaml());
    expect(status).toBe(0);
    expect([...deleted].sort()).toEqual([106, 109, 111, 114, 207, 208, 209, 210]);
  });

  test('both: a version goes only when it is past the newest keepLatest and older than olderThanDays', () => {
    const { deleted } = runCleanup(housekeeping({ keepLatest: 4, olderThanDays: 30 }).hk.toYaml());
    expect([...deleted].sort()).toEqual([109, 111, 114, 208, 209, 210]);
  });

  test('metadata tags (sha-<7>, pr-<n>) count as per-commit for a build that pushes them', () => {
    const { deleted } = runCleanup(housekeeping({ keepLatest: undefined, olderThanDays: 85 }, { metadataTags: true }).hk.toYaml());
    expect(deleted).toEqual([114, 112, 209, 210]);
    expect(runCleanup(housekeeping({ keepLatest: undefined, olderThanDays: 85 }).hk.toYaml()).deleted).toEqual([114, 209, 210]);
  });

  test('a dry run lists what would go and deletes nothing', () => {
    const { status, deleted, stdout } = runCleanup(housekeeping({ keepLatest: 2, dryRun: true }).hk.toYaml());
    expect(status).toBe(0);
    expect(deleted).toEqual([]);
    expect(stdout).toContain('ghcr.io/acme/shop: 23 versions, 8 tagged ones kept, 12 to delete (a dry run: nothing is deleted).');
    expect(stdout).toContain(`would delete version 201 (${digestOf(201)})`);
  });

  test('a user\'s package, a nested name and an uppercase owner use the users endpoint, %2F and lowercase', () => {
    const { hk } = housekeeping({ builds: [], imageNames: ['ghcr.io/acme/shop/api'] });
    const { status, calls } = runCleanup(hk.toYaml(), { ownerType: 'User' });
    expect(status).toBe(0);
    expect(calls).toContain('gh api /users/acme/packages/container/shop%2Fapi/versions?per_page=100&page=1');
    expect(calls.find((c) => c.includes('DELETE'))).toMatch(/^gh api --method DELETE \/users\/acme\/packages\/container\/shop%2Fapi\/versions\/\d+ --silent$/);
    const upper = cleanupJob(hk.toYaml());
    upper.steps[1].env!.IMAGE = 'ghcr.io/Acme/Shop';
    expect(runCleanup(YAML.stringify({ jobs: { cleanup: upper } })).calls).toContain('gh api /orgs/acme/packages/container/shop/versions?per_page=100&page=1');
  });

  test('an API error while listing fails the step before anything is deleted', () => {
    const { status, deleted, stderr, stdout } = runCleanup(housekeeping().hk.toYaml(), { failOn: 'page=3' });
    expect(status).toBe(1);
    expect(deleted).toEqual([]);
    expect(stderr).toContain('HTTP 500');
    expect(stdout).toContain('::error title=Image clean-up::listing the versions of ghcr.io/acme/shop failed: the package must exist, and its settings must give this repository access');
  });

  test('a registry error while reading an index fails the step before anything is deleted', () => {
    const { status, deleted } = runCleanup(housekeeping().hk.toYaml(), { failOn: 'docker' });
    expect(status).not.toBe(0);
    expect(deleted).toEqual([]);
  });

  test('an API error on a delete fails the step', () => {
    const { status, deleted, stdout } = runCleanup(housekeeping().hk.toYaml(), { failOn: 'versions/106' });
    expect(status).toBe(1);
    expect(deleted).toEqual([114, 109, 111, 106]);
    expect(stdout).toContain('::error title=Image clean-up::deleting version 106 of ghcr.io/acme/shop failed: this repository needs the Admin role in the package settings');
  });

  test('an owner that is neither an organization nor a user fails the step', () => {
    const { status, stdout, deleted } = runCleanup(housekeeping().hk.toYaml(), { ownerType: 'Bot' });
    expect(status).toBe(1);
    expect(stdout).toContain('::error title=Image clean-up::acme is neither an organization nor a user');
    expect(deleted).toEqual([]);
  });
});

describe('bad input', () => {
  test('every problem at once, each under the job\'s path, saying what to do', () => {
    const project = tempProject('cleanup-bad');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    const hub = new DockerBuildJob(ci, 'hub', { image: 'acme/shop', registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }) });
    new CleanupImagesJob(ci, 'cleanup', {
      builds: [hub, 'build' as never],
      imageNames: ['docker.io/acme/x', 'ghcr.io/acme/x', 'ghcr.io/acme/x'],
      keepLatest: 0,
      olderThanDays: 2.5,
      perCommitTags: ['.*', '(', 'pr-[0-9]+'],
    });
    const problems = validationProblems(ci);
    expect(problems).toEqual([
      'ci/cleanup: builds holds job "hub", which pushes to Docker Hub; only GHCR images can be cleaned (GitHub\'s packages API).',
      'ci/cleanup: builds holds "build", which is not a DockerBuildJob; give builds, or image names in imageNames.',
      'ci/cleanup: imageNames[0]: image "docker.io/acme/x" is not on ghcr.io; only GHCR images can be cleaned (GitHub\'s packages API).',
      'ci/cleanup: the image "ghcr.io/acme/x" is listed twice; list each image once.',
      'ci/cleanup: keepLatest is 0; give a whole number from 1 to 10000 (the newest image may be in use by a run that is still going).',
      'ci/cleanup: olderThanDays is 2.5; give a whole number of days from 1 to 3650.',
      'ci/cleanup: perCommitTags pattern ".*" matches the tag "latest", which a release, a branch, a reused build, a cache or an attestation uses; make it match per-commit tags only.',
      'ci/cleanup: perCommitTags holds "(", which is not a regular expression on one line; give one such as \'pr-[0-9]+\'.',
    ]);
  });

  test('no image, no policy, and a workflow that runs only on pull requests are refused', () => {
    const ci = new Workflow(tempProject('cleanup-bad2'), 'pr', { triggers: { pullRequest: {}, mergeGroup: {} } });
    new CleanupImagesJob(ci, 'cleanup', {});
    expect(validationProblems(ci)).toEqual([
      'pr/cleanup: no image to clean; give builds (DockerBuildJobs, e.g. [build]) or imageNames (e.g. [\'ghcr.io/acme/api\']).',
      'pr/cleanup: no policy; give keepLatest (e.g. 20: the newest 20 per-commit versions stay), olderThanDays (e.g. 30), or both (a version goes when both allow it).',
      'pr/cleanup: workflow "pr" runs only on pull_request, merge_group, where a clean-up never runs; put the job in a workflow with a schedule ' +
        '(triggers: { schedule: [{ cron: \'0 4 * * 1\' }], workflowDispatch: {} }) or pushes to the default branch.',
    ]);
  });

  test('a perCommitTags pattern matching a semver, a branch, a reuse or an attestation tag is refused', () => {
    for (const [pattern, tag] of [['[0-9.]+', '1.2.3'], ['v.*', 'v1.2.3'], ['[a-z]+', 'latest'], ['inputs-.*', 'inputs-'], ['sha256-.*', 'sha256-']]) {
      const problems = validationProblems(housekeeping({ perCommitTags: [pattern] }).hk);
      expect(problems).toEqual([expect.stringContaining(`perCommitTags pattern "${pattern}" matches the tag "${tag}`)]);
    }
  });

  test('a macOS or Windows runner is refused (the script needs bash 4, gh and jq)', () => {
    expect(validationProblems(housekeeping({ runsOn: ['macos-latest'] }).hk)).toEqual([
      'housekeeping/cleanup: runsOn "macos-latest": the clean-up script needs bash 4 (associative arrays), gh and jq, as on Linux runners; ' +
        'leave runsOn out (ubuntu-latest) or give a Linux runner.',
    ]);
  });

  test('permissions set below packages: write are refused', () => {
    expect(validationProblems(housekeeping({ permissions: { packages: PermissionLevel.READ } }).hk)).toEqual([
      'housekeeping/cleanup: permissions.packages is \'read\', but CleanupImagesJob "cleanup" (to list and delete versions on ghcr.io) needs packages: write; ' +
        'leave packages out (the job gets what it needs) or set it to PermissionLevel.WRITE.',
    ]);
  });
});
