/**
 * The error catalogue: every refusal, with its exact message. Bad input is
 * refused at synth with ONE WorkflowValidationError listing every problem,
 * each prefixed with the construct path and saying how to fix it; nothing
 * is written, and no other exception type ever escapes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { ActionPinning, ContainerTestJob, DockerBuildJob, GhaCache, PermissionLevel, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { DOCS } from '../../src/validation/docs-links';
import { listFiles, tempProject } from '../support/synth';

/** The problems of the one error `fn` throws; fails when it throws anything else. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError, but nothing was thrown');
}

/** Synthesizes and returns the problems, asserting that no file was written. */
function synthProblems(project: Project): string[] {
  const before = listFiles(project.outdir);
  const problems = problemsOf(() => project.synth());
  expect(listFiles(project.outdir)).toEqual(before);
  return problems;
}

function workflowWith(project: Project, id = 'ci'): Workflow {
  return new Workflow(project, id, { triggers: { push: { branches: ['main'] } } });
}

const GHCR = 'ghcr.io/acme/app';

describe('job ids', () => {
  test('an invalid job id names the rule and an example', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), '1build', { image: GHCR });
    expect(synthProblems(project)).toEqual([
      'ci/1build: "1build" is not a valid job id; a job id starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image"). See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_id',
    ]);
  });

  test('a duplicate job id is refused where it is declared, before constructs can throw its own error', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new DockerBuildJob(ci, 'build', { image: GHCR });
    expect(problemsOf(() => new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/other' }))).toEqual([
      'ci/build: a job with id "build" already exists in workflow "ci"; give each job a unique id.',
    ]);
  });

  test('job ids that differ only in case collide on GitHub', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new DockerBuildJob(ci, 'build', { image: GHCR });
    new DockerBuildJob(ci, 'Build', { image: 'ghcr.io/acme/other' });
    expect(synthProblems(project)).toEqual([
      'ci: jobs "build" and "Build" differ only in case, and GitHub job ids are case-insensitive; rename one. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_id',
    ]);
  });

  test('a job whose scope is not a Workflow is refused instead of silently never written', () => {
    const project = tempProject();
    expect(problemsOf(() => new DockerBuildJob(project as unknown as Workflow, 'build', { image: GHCR }))).toEqual([
      'build: the scope of a job must be a Workflow, for example new DockerBuildJob(new Workflow(project, \'ci\', { ... }), \'build\', { ... }).',
    ]);
  });
});

describe('image names', () => {
  test.each([
    ['ghcr.io/Acme/App', 'image "ghcr.io/Acme/App" has uppercase letters, which registries refuse; use "ghcr.io/acme/app".'],
    ['ghcr.io/acme/app:latest', 'image "ghcr.io/acme/app:latest" contains a tag (":latest"); give the name only, without a tag: "ghcr.io/acme/app".'],
    ['ghcr.io/acme/app@sha256:abc', 'image "ghcr.io/acme/app@sha256:abc" contains a digest; give the name only (the build job hands the pushed digest to its consumers).'],
    ['ghcr.io/acme/-app', 'image "ghcr.io/acme/-app" is not a valid image name: "-app" must be lowercase letters and digits, separated by ".", "_", "__" or "-" (not at the start or end).'],
    ['ghcr.io/app', 'image "ghcr.io/app" has no owner; GHCR names are ghcr.io/<owner>/<name>, for example "ghcr.io/my-org/app".'],
    ['docker.io/acme/app', 'image "docker.io/acme/app" is not on GHCR; the build logs in to ghcr.io with the workflow\'s GITHUB_TOKEN, so name it ghcr.io/<owner>/<name>.'],
    // ghcr.io/${{ github.repository }}[/name] is accepted and lowercased at run time (test/registry); other expressions are not.
    ['ghcr.io/${{ github.repository_owner }}/app', 'image "ghcr.io/${{ github.repository_owner }}/app" contains an expression; give a literal name so it can be checked and lowercased at synth time.'],
    ['', 'image is empty; give the image name to push, for example "ghcr.io/my-org/my-app".'],
  ])('%j is refused', (image, message) => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image });
    expect(synthProblems(project)).toEqual([`ci/build: ${message}`]);
  });

  test('a name longer than Docker allows is refused', () => {
    const project = tempProject();
    const image = `ghcr.io/acme/${'a'.repeat(250)}`;
    new DockerBuildJob(workflowWith(project), 'build', { image });
    expect(synthProblems(project)).toEqual([`ci/build: image "${image}" is 263 characters long; Docker allows at most 255.`]);
  });
});

describe('the image hand-off', () => {
  test('a container job cannot run an image built in another workflow', () => {
    const project = tempProject();
    const other = workflowWith(project, 'images');
    const image = new DockerBuildJob(other, 'build', { image: GHCR });
    new ContainerTestJob(workflowWith(project), 'test', { image, steps: [{ run: 'make test' }] });
    expect(synthProblems(project)).toEqual([
      'ci/test: image is built by job "build" of workflow "images"; a container job can only run an image built in the same workflow run. Declare this job in workflow "images".',
    ]);
  });

  test('image must be a DockerBuildJob', () => {
    const project = tempProject();
    new ContainerTestJob(workflowWith(project), 'test', { image: 'ghcr.io/acme/app' as unknown as DockerBuildJob, steps: [{ run: 'make test' }] });
    expect(synthProblems(project)).toEqual([
      'ci/test: image must be a DockerBuildJob of this workflow (the job runs in the image it pushes).',
    ]);
  });
});

describe('needs', () => {
  test('a cycle is refused once, naming its jobs; a job needing itself is refused on that job', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    const image = new DockerBuildJob(ci, 'build', { image: GHCR });
    const a = new ContainerTestJob(ci, 'a', { image, steps: [{ run: 'a' }] });
    const b = new ContainerTestJob(ci, 'b', { image, steps: [{ run: 'b' }] });
    a.addNeeds(b);
    b.addNeeds(a, b);
    expect(synthProblems(project)).toEqual([
      'ci/b: needs itself; remove it from needs.',
      'ci: jobs wait for each other in a cycle (a -> b -> a); remove one of these needs, or the output one of them reads of the other.',
    ]);
  });

  test('needs on a job of another workflow is refused', () => {
    const project = tempProject();
    const other = new DockerBuildJob(workflowWith(project, 'images'), 'build', { image: 'ghcr.io/acme/other' });
    const ci = workflowWith(project);
    const image = new DockerBuildJob(ci, 'build', { image: GHCR });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'x' }] }).addNeeds(other);
    expect(synthProblems(project)).toEqual([
      'ci/test: needs job "build" of workflow "images", but `needs` only reaches jobs of the same workflow; declare both jobs in workflow "ci".',
    ]);
  });
});

describe('steps', () => {
  test('a container test job without steps is refused', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new ContainerTestJob(ci, 'test', { image: new DockerBuildJob(ci, 'build', { image: GHCR }), steps: [] });
    expect(synthProblems(project)).toEqual([
      'ci/test: steps is empty; a job needs at least one step, for example { run: \'make test\' }.',
    ]);
  });

  test('every malformed step is reported with its index and name', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new ContainerTestJob(ci, 'test', {
      image: new DockerBuildJob(ci, 'build', { image: GHCR }),
      steps: [
        null as never,
        { name: 'both', run: 'x', uses: 'actions/cache@v4' },
        {},
        { id: '1x', run: 'y', timeoutMinutes: 0 },
        { id: 'a', run: 'y' },
        { id: 'A', run: 'z', with: { a: 'b' } },
        { run: '  ' },
      ],
    });
    expect(synthProblems(project)).toEqual([
      'ci/test: steps[0] is null; each step must be an object with `run` or `uses`.',
      'ci/test: steps[1] ("both") sets both `run` and `uses`; set exactly one of them.',
      'ci/test: steps[2] sets neither `run` nor `uses`; set exactly one of them.',
      'ci/test: steps[3] has id "1x"; a step id starts with a letter or _ and contains only letters, digits, - and _.',
      'ci/test: steps[3] has timeoutMinutes 0; use a positive whole number of minutes.',
      'ci/test: steps[5] sets `with` without `uses`; inputs only apply to an action.',
      'ci/test: steps[5] repeats the id "A" of steps[4] (step ids are case-insensitive); give each step its own id.',
      'ci/test: steps[6] has an empty `run`; give the script to execute.',
    ]);
  });
});

describe('workflows and triggers', () => {
  test('workflow id, name, triggers and action overrides are all checked at once', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'c i', {
      name: ' ',
      triggers: {
        push: { branches: [], branchesIgnore: ['x'] },
        pullRequest: { types: ['bogus'] },
        schedule: [{ cron: 'daily' }],
        pullRequestTarget: {},
      } as never,
      actions: { checkout: 'actions/checkout' },
    });
    new DockerBuildJob(ci, 'build', { image: GHCR });
    expect(synthProblems(project)).toEqual([
      'c i: workflow id "c i" names the file .github/workflows/<id>.yml; use letters, digits, ".", "_" and "-" only, for example "ci".',
      'c i: name is empty; give a name for the GitHub UI or leave it out to use the workflow id.',
      'c i: triggers.pullRequestTarget is not offered: pull_request_target runs with a write token and the repository\'s secrets on pull requests from forks, so building or testing the fork\'s code there hands both to its author. Use pullRequest (forks get a read-only token; see ForkPullRequests).',
      'c i: triggers.push sets both branches and branchesIgnore, which GitHub refuses; keep one (use "!pattern" inside branches to exclude).',
      'c i: triggers.push.branches must be a non-empty list of non-empty patterns; leave it out to match everything.',
      expect.stringMatching(/^c i: triggers\.pullRequest\.types has unknown activity type "bogus"; use one of assigned, .*, opened, .*synchronize.*\.$/),
      'c i: triggers.schedule[0].cron is "daily"; write five cron fields in UTC, for example "0 4 * * 1". See https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule',
      'c i: actions.checkout is "actions/checkout", which is not a valid action reference. Write it as owner/repo@ref, for example "actions/checkout@v7".',
    ]);
  });

  test('a workflow without triggers or jobs is refused', () => {
    const project = tempProject();
    new Workflow(project, 'ci', undefined as never);
    expect(synthProblems(project)).toEqual([
      'ci: triggers is missing; say when the workflow runs, for example { push: { branches: [\'main\'] }, pullRequest: {} }.',
      'ci: has no jobs; add one, for example new RunnerJob(workflow, \'test\', { steps: [{ run: \'make test\' }] }).',
    ]);
  });

  test('triggers without any event, or an event that is not an object, are refused', () => {
    const project = tempProject();
    new DockerBuildJob(new Workflow(project, 'a', { triggers: {} }), 'build', { image: GHCR });
    new DockerBuildJob(new Workflow(project, 'b', { triggers: { push: null as never } }), 'build', { image: 'ghcr.io/acme/b' });
    expect(synthProblems(project)).toEqual([
      'a: triggers is empty; the workflow would never run. Add at least one event, for example push: { branches: [\'main\'] }.',
      'b: triggers.push is null; give an object of filters, or {} to run on every push event.',
    ]);
  });
});

describe('caches', () => {
  test('a scope outside [a-z0-9._-] is refused with a suggested fixed name', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image: GHCR, cache: GhaCache.max({ scope: 'Feature/X' }) });
    expect(synthProblems(project)).toEqual([
      'ci/build: cache scope "Feature/X" may only contain a-z, 0-9, ".", "_" and "-" (and never a ref or SHA); use a fixed name such as "feature-x".',
    ]);
  });

  test('two build jobs writing one gha scope are refused, naming both, in one workflow and across workflows', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new DockerBuildJob(ci, 'app', { image: GHCR, cache: GhaCache.max({ scope: 'shared' }) });
    new DockerBuildJob(ci, 'tools', { image: 'ghcr.io/acme/tools', cache: GhaCache.min({ scope: 'shared' }) });
    new DockerBuildJob(workflowWith(project, 'nightly'), 'app', { image: GHCR, cache: GhaCache.max() });
    new DockerBuildJob(ci, 'app2', { image: GHCR, cache: GhaCache.max() });
    expect(synthProblems(project)).toEqual([
      'ci: build jobs "app" and "tools" both write the gha scope "shared", so they overwrite each other\'s cache index; give each image its own scope, e.g. GhaCache.max({ scope: \'tools\' }). See https://docs.docker.com/build/cache/backends/gha/#scope',
      // One image name built three times: the three builds also push the same tag.
      'ci/app: build jobs ci/app and ci/app2 and nightly/app all push ghcr.io/acme/app:<commit sha>, so the tag points at whichever build finished last; ' +
        'give each build its own image name (e.g. "ghcr.io/acme/app-app2"), or build the image once and hand its digest to every job that uses it.',
      'ci/app2: build jobs ci/app2 and nightly/app both write the gha scope "acme-app", so they overwrite each other\'s cache index; give each image its own scope, e.g. GhaCache.max({ scope: \'app\' }). See https://docs.docker.com/build/cache/backends/gha/#scope',
    ]);
  });

  test('a cache that is not a cache backend is refused', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image: GHCR, cache: 'type=gha' as never });
    expect(synthProblems(project)).toEqual([
      'ci/build: cache is "type=gha"; pass a cache backend such as GhaCache.max(), or leave it out to build without a cache.',
    ]);
  });
});

describe('platforms and provenance', () => {
  test('every bad platform is listed with the os/arch[/variant] form; duplicates once', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image: GHCR, platforms: ['linux', 'Linux/AMD64', 'linux/arm64', 'linux/arm64', 'linux/arm/v7/x'] });
    expect(synthProblems(project)).toEqual([
      'ci/build: platforms[0] is "linux"; write each platform as os/arch[/variant] in lowercase, for example \'linux/amd64\', \'linux/arm64\' or \'linux/arm/v7\'.',
      'ci/build: platforms[1] is "Linux/AMD64"; write each platform as os/arch[/variant] in lowercase, for example \'linux/amd64\', \'linux/arm64\' or \'linux/arm/v7\'.',
      'ci/build: platforms lists \'linux/arm64\' more than once; list each platform once.',
      'ci/build: platforms[4] is "linux/arm/v7/x"; write each platform as os/arch[/variant] in lowercase, for example \'linux/amd64\', \'linux/arm64\' or \'linux/arm/v7\'.',
    ]);
  });

  test('an empty list, a non-list and a non-boolean attestProvenance are refused', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new DockerBuildJob(ci, 'empty', { image: GHCR, platforms: [] });
    new DockerBuildJob(ci, 'text', { image: 'ghcr.io/acme/other', platforms: 'linux/amd64' as unknown as string[], attestProvenance: 'yes' as unknown as boolean });
    expect(synthProblems(project)).toEqual([
      'ci/empty: platforms is empty; list at least one os/arch[/variant] platform, for example [\'linux/amd64\', \'linux/arm64\'], or leave it out to build for the runner\'s platform.',
      'ci/text: attestProvenance is "yes"; use true or false, or leave it out.',
      'ci/text: platforms is "linux/amd64"; give a list of os/arch[/variant] platforms, for example [\'linux/amd64\', \'linux/arm64\'], or leave it out to build for the runner\'s platform.',
    ]);
  });
});

describe('trust (details in test/security)', () => {
  test('an untrusted context or a secret interpolated into run: names the step and shows the env: rewrite', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new ContainerTestJob(ci, 'test', {
      image: new DockerBuildJob(ci, 'build', { image: GHCR }),
      steps: [
        { name: 'Branch', run: 'echo ${{ github.head_ref }}' },
        { run: 'echo ${{ github.head_ref }}', allowUntrustedInterpolation: true },
        { name: 'Publish', run: 'npm publish --token ${{ secrets.NPM_TOKEN }}' },
      ],
    });
    expect(synthProblems(project)).toEqual([
      'ci/test: steps[0] ("Branch") interpolates the untrusted github.head_ref into `run`, where whoever can shape that value (a branch or tag name, an event\'s text, another job\'s output) can inject shell commands. ' +
      'Pass it through the environment instead: env: { HEAD_REF: \'${{ github.head_ref }}\' }, run: \'echo $HEAD_REF\' ' +
      '(or set allowUntrustedInterpolation: true on this step if the value is known to be safe). See https://docs.github.com/en/actions/concepts/security/script-injections',
      'ci/test: steps[2] ("Publish") interpolates secrets.NPM_TOKEN into `run`, which writes the secret into the script file on the runner and breaks on quotes in its value. ' +
      'Pass it through the environment instead: env: { NPM_TOKEN: \'${{ secrets.NPM_TOKEN }}\' }, run: \'npm publish --token $NPM_TOKEN\'. See https://docs.github.com/en/actions/reference/security/secure-use',
    ]);
  });

  test('a permission lowered below what a construct needs names that construct', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image: GHCR, permissions: { packages: PermissionLevel.READ } });
    expect(synthProblems(project)).toEqual([
      'ci/build: permissions.packages is \'read\', but DockerBuildJob "build" (to push ghcr.io/acme/app to ghcr.io) needs packages: write; ' +
      'leave packages out (the job gets what it needs) or set it to PermissionLevel.WRITE.',
    ]);
  });

  test('a hand-written workflow file is never overwritten without overwrite: true', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project), 'build', { image: GHCR });
    const file = path.join(project.outdir, '.github', 'workflows', 'ci.yml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'name: mine\n');
    expect(synthProblems(project)).toEqual([
      'ci: .github/workflows/ci.yml already exists and was not generated by projen (no "~~ Generated by projen" marker in its first lines), ' +
      'so synthesizing would overwrite it. Move or rename that file (or give this Workflow another id), or set overwrite: true on the Workflow to replace it.',
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe('name: mine\n');
  });

  test('pinning and overwrite from untyped callers', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} }, pinning: 'sha1' as ActionPinning, overwrite: 1 as never });
    new DockerBuildJob(ci, 'build', { image: GHCR });
    expect(synthProblems(project)).toEqual([
      'ci: pinning is "sha1"; use ActionPinning.MAJOR or ActionPinning.SHA.',
      'ci: overwrite is 1; use true to replace a hand-written workflow file, or leave it out.',
    ]);
  });
});

describe('the refusal', () => {
  test('lists every problem of every workflow in one error and writes nothing, not even projen\'s own files', () => {
    const project = tempProject();
    new DockerBuildJob(workflowWith(project, 'one'), 'build', { image: 'ghcr.io/Acme/One' });
    new DockerBuildJob(workflowWith(project, 'two'), 'build', { image: 'ghcr.io/acme/two:1.0' });
    let error: unknown;
    try {
      project.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect((error as Error).message).toBe([
      'projen-docker-ci found 2 problems; nothing was written:',
      '  - one/build: image "ghcr.io/Acme/One" has uppercase letters, which registries refuse; use "ghcr.io/acme/one".',
      '  - two/build: image "ghcr.io/acme/two:1.0" contains a tag (":1.0"); give the name only, without a tag: "ghcr.io/acme/two".',
    ].join('\n'));
    expect(listFiles(project.outdir)).toEqual([]);
  });

  test('a refused re-synthesis leaves the previously written workflow untouched', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    const image = new DockerBuildJob(ci, 'build', { image: GHCR });
    project.synth();
    const file = path.join(project.outdir, ci.filePath);
    const before = fs.readFileSync(file, 'utf8');
    new ContainerTestJob(ci, 'test', { image, steps: [] });
    synthProblems(project);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('toYaml() refuses the same way as synth', () => {
    const project = tempProject();
    const ci = workflowWith(project);
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app:v1' });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/build: image "ghcr.io/acme/app:v1" contains a tag (":v1"); give the name only, without a tag: "ghcr.io/acme/app".',
    ]);
  });

  test('garbage from untyped callers (JavaScript, Python) never surfaces as a TypeError', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: 'main' as never } } });
    new DockerBuildJob(ci, 'build', undefined as never);
    new ContainerTestJob(ci, 'test', undefined as never);
    new ContainerTestJob(ci, 'test2', { image: null as never, steps: 'npm test' as never });
    const problems = synthProblems(project);
    expect(problems).toEqual([
      'ci: triggers.push.branches must be a non-empty list of non-empty patterns; leave it out to match everything.',
      'ci/build: image is empty; give the image name to push, for example "ghcr.io/my-org/my-app".',
      'ci/test: steps is undefined; give a list of steps, for example [{ run: \'make test\' }].',
      'ci/test: image must be a DockerBuildJob of this workflow (the job runs in the image it pushes).',
      'ci/test2: steps is "npm test"; give a list of steps, for example [{ run: \'make test\' }].',
      'ci/test2: image must be a DockerBuildJob of this workflow (the job runs in the image it pushes).',
    ]);
  });
});

describe('messages that link the documentation', () => {
  test('a filter pattern, the dispatch input limit, an expression and a service name each end with the page that explains the rule', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', {
      triggers: { push: { branches: ['feature x'] }, workflowDispatch: { inputs: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`in${i}`, {}])) } },
    });
    const build = new DockerBuildJob(ci, 'build', { image: GHCR });
    new ContainerTestJob(ci, 'test', { image: build, services: [{ name: '1db', image: 'postgres:17' }], steps: [{ name: 'Echo', run: 'echo ${{ github.sha' }] });
    expect(synthProblems(project)).toEqual([
      'ci: triggers.push.branches[0] "feature x" contains " ", which a branch or tag name cannot (no spaces, tabs, ~, ^ or :). See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet',
      'ci: triggers.workflowDispatch.inputs has 26 inputs; GitHub allows at most 25. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs',
      'ci/test: services[0].name is "1db"; a service name is its host name: start with a letter or _, then letters, digits, - and _ (for example "postgres"). See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idservices',
      'ci/test: steps[0] ("Echo") run has "${{" at position 6 without a closing "}}" (GitHub reads everything after "${{" as an expression; to write the characters literally, use ${{ \'${{\' }}). See https://docs.github.com/en/actions/reference/workflows-and-actions/expressions',
    ]);
  });

  test('every link is https on docs.github.com (current /en/actions reference or concepts pages) or docs.docker.com, and every one is used by a message', () => {
    const sources = listSources(path.join(__dirname, '..', '..', 'src')).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    for (const [name, url] of Object.entries(DOCS)) {
      expect(url).toMatch(/^https:\/\/(docs\.github\.com\/en\/actions\/(reference|concepts)\/|docs\.docker\.com\/build\/)[a-z0-9/_#.-]+$/);
      expect(sources).toContain(`DOCS.${name}`);
    }
  });
});

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listSources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}
