/**
 * projen's release workflow (.github/workflows/release.yml), held to the
 * standard of the workflows this library writes: zero findings from GitHub's
 * parser, actionlint and zizmor (test/release/release-workflow.test.ts).
 *
 * Everything goes through projen's own hooks, so a projen upgrade regenerates
 * the workflow and this file only adjusts it:
 * - every action projen uses is pinned to a full commit SHA (zizmor
 *   `unpinned-uses`) through `github.actions.set`, on majors that run on
 *   node24 (projen's upload-artifact v4 and download-artifact v5 are node20,
 *   which GitHub announced it would remove from its runners on 16 Sep 2026);
 * - setup-node never restores a dependency cache (v5+ turns it on by itself
 *   once package.json names npm in `packageManager`; setup-node's README
 *   advises `package-manager-cache: false` in workflows with elevated rights,
 *   and zizmor's `cache-poisoning` is about exactly this in release workflows);
 * - checkouts keep no credentials (zizmor `artipacked`): no job pushes with
 *   git; the GitHub release and its tag are created through the API with
 *   `gh release create --target`, and `git ls-remote` needs no token on a
 *   public repository;
 * - the one script that interpolated `${{ github.ref }}` reads `$GITHUB_REF`
 *   instead (zizmor `template-injection`), and the two scripts that left
 *   variables and command substitutions unquoted quote them (shellcheck
 *   SC2086/SC2046, which actionlint reports when shellcheck is installed, as
 *   on GitHub's runners); each does what projen's did;
 * - the workflow grants nothing by default (`permissions: {}`, as every
 *   workflow of this library does; each job already lists its own), and the
 *   release job, which runs the whole build and test suite with every dev
 *   dependency, reads the repository instead of writing it (projen gives it
 *   `contents: write`, but nothing in it writes: the tag and the GitHub
 *   release are made by the release_github job).
 * projen has no option for the last four, so they are JSON patches, each
 * guarded by a test of the step it changes: when a projen upgrade moves a step,
 * `npx projen` fails on the guard instead of patching the wrong step.
 */
import { JsonPatch, TestFailureBehavior } from 'projen';
import { GitHubProject } from 'projen/lib/github';

/**
 * The commit each release tag points to, read from the action's own repository
 * (`git rev-parse '<tag>^{commit}'`, 2026-12-01); `runs.using` of each is node24.
 */
export const RELEASE_ACTION_PINS = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
  'actions/setup-python': { sha: '5fda3b95a4ea91299a34e894583c3862153e4b97', version: 'v7.0.0' },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0' },
  'actions/download-artifact': { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', version: 'v8.0.1' },
} as const;

const pinned = (action: keyof typeof RELEASE_ACTION_PINS): string => `${action}@${RELEASE_ACTION_PINS[action].sha}`;

/** Where projen 0.98 puts each checkout step in release.yml: job id and step index. */
const CHECKOUTS: readonly [job: string, step: number][] = [
  ['release', 0],
  ['release_npm', 3],
  ['release_pypi', 4],
];

/** Where projen 0.98 puts each setup-node step (the release job's own, and each publish job's tool setup). */
const SETUP_NODES: readonly [job: string, step: number][] = [
  ['release', 2],
  ['release_github', 0],
  ['release_npm', 0],
  ['release_pypi', 0],
];

/** Scripts of projen's that this file writes again, by job, step index and the step's name. */
const SCRIPTS: readonly { job: string; step: number; name: string; run: string[] }[] = [
  {
    // Tells later jobs whether this version was released already (then they do nothing).
    job: 'release',
    step: 5,
    name: 'Check if version has already been tagged',
    run: [
      'TAG="$(cat dist/releasetag.txt)"',
      'if [ -n "$TAG" ] && git ls-remote -q --exit-code --tags origin "$TAG"; then',
      '  echo "exists=true" >> "$GITHUB_OUTPUT"',
      'else',
      '  echo "exists=false" >> "$GITHUB_OUTPUT"',
      'fi',
      'cat "$GITHUB_OUTPUT"',
    ],
  },
  {
    // Only a run of the branch's newest commit releases. GITHUB_REF is the value
    // `${{ github.ref }}` had; from the environment a branch name is data to the shell, never script.
    job: 'release',
    step: 6,
    name: 'Check for new commits',
    run: [
      'echo "latest_commit=$(git ls-remote origin -h "$GITHUB_REF" | cut -f1)" >> "$GITHUB_OUTPUT"',
      'cat "$GITHUB_OUTPUT"',
    ],
  },
  {
    // Creates the tag and the GitHub release at this commit; a release that exists already is
    // not an error (a re-run after a failed publish job).
    job: 'release_github',
    step: 3,
    name: 'Release',
    run: [
      'TAG="$(cat dist/releasetag.txt)"',
      'errout="$(mktemp)"',
      'status=0',
      'gh release create "$TAG" -R "$GITHUB_REPOSITORY" -F dist/changelog.md -t "$TAG" --target "$GITHUB_SHA" 2> "$errout" || status=$?',
      'if [ "$status" -ne 0 ] && ! grep -q "Release.tag_name already exists" "$errout"; then',
      '  cat "$errout"',
      '  exit "$status"',
      'fi',
    ],
  },
];

/** Pins the release workflow's actions and applies the patches above. */
export function hardenReleaseWorkflow(project: GitHubProject): void {
  const github = project.github;
  const workflow = github?.tryFindWorkflow('release');
  if (!github || !workflow?.file) {
    throw new Error('hardenReleaseWorkflow: the project has no release workflow (release: true and github: true make one)');
  }
  for (const action of Object.keys(RELEASE_ACTION_PINS) as (keyof typeof RELEASE_ACTION_PINS)[]) {
    github.actions.set(action, pinned(action));
  }
  const guard = (pointer: string, value: unknown) => JsonPatch.test(pointer, value, TestFailureBehavior.FAIL_SYNTHESIS);
  workflow.file.patch(JsonPatch.add('/permissions', {}));
  workflow.file.patch(guard('/jobs/release/permissions', { contents: 'write' }), JsonPatch.replace('/jobs/release/permissions', { contents: 'read' }));
  for (const [job, step] of CHECKOUTS) {
    const at = `/jobs/${job}/steps/${step}`;
    workflow.file.patch(guard(`${at}/uses`, pinned('actions/checkout')), JsonPatch.add(`${at}/with/persist-credentials`, false));
  }
  for (const [job, step] of SETUP_NODES) {
    const at = `/jobs/${job}/steps/${step}`;
    workflow.file.patch(guard(`${at}/uses`, pinned('actions/setup-node')), JsonPatch.add(`${at}/with/package-manager-cache`, false));
  }
  for (const script of SCRIPTS) {
    const at = `/jobs/${script.job}/steps/${script.step}`;
    workflow.file.patch(guard(`${at}/name`, script.name), JsonPatch.replace(`${at}/run`, script.run.join('\n')));
  }
}
