/**
 * Pull requests from forks: the fallback job that loads the image the build
 * job exported there (built once, pushed nowhere) and replays the container
 * jobs' scripts with docker run, and the notice
 * job of skipConsumers(). Conditions are checked with GitHub's expression
 * engine against same-repository, fork and deleted-fork pull requests.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, ContainerTestJobProps, DockerBuildJob, ForkPullRequests, GhaCache, UnsupportedOnFork, Workflow } from '../../src';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject, validationProblems as problems } from '../support/synth';

function workflowWith(
  forkPullRequests: ForkPullRequests | undefined, consumers: { [id: string]: Partial<ContainerTestJobProps> }, shell?: string,
): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, defaults: shell ? { shell } : undefined });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), forkPullRequests });
  for (const [id, props] of Object.entries(consumers)) {
    new ContainerTestJob(ci, id, { image, steps: [{ run: 'make test' }], ...props } as ContainerTestJobProps);
  }
  return ci;
}


/** What every replayed step sets so that git in the container trusts the mounted checkout (git-config(1), GIT_CONFIG_COUNT). */
const GIT_TRUST = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' };
const GIT_TRUST_E = '-e GIT_CONFIG_COUNT -e GIT_CONFIG_KEY_0 -e GIT_CONFIG_VALUE_0';
const IS_FORK = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";
const SCRIPT_RUN = `docker run --rm -v "$GITHUB_WORKSPACE:/workspace" -w "/workspace" ${GIT_TRUST_E} --entrypoint sh fork-ci/build:local -e -c "$FORK_CI_SCRIPT"`;

describe('ForkPullRequests.fallback()', () => {
  const text = workflowWith(ForkPullRequests.fallback(), {
    lint: { steps: [{ name: 'Lint', run: 'ruff check .' }] },
    unit: { env: { CI: 'true' }, steps: [{ name: 'Unit', run: 'pytest -q\npytest -q tests/slow', env: { PYTHONHASHSEED: '0' } }] },
  }).toYaml();
  const fallback = YAML.parse(text).jobs.build_fork;

  test('runs on fork pull requests only, after the build job, with a read-only token and nothing that could push or write', () => {
    expect(fallback.if).toBe("github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository");
    expect(fallback.permissions).toEqual({ contents: 'read' });
    expect(fallback.needs).toEqual(['build']);
    expect(JSON.stringify(fallback)).not.toMatch(/secrets\.|login-action|cache-to|build-push-action/);
  });

  test('loads the archive the build job exported on the fork\'s pull request, checked against the id the build reported, instead of building again', () => {
    expect(fallback.steps.slice(0, 3).map((s: { name: string }) => s.name))
      .toEqual(['Check out repository', 'Download the image archive of job build', 'Load FORK_CI_IMAGE from the archive (image of job build)']);
    expect(fallback.steps[0].with).toEqual({ 'persist-credentials': 'false' });
    expect(fallback.steps[1]).toEqual({ name: 'Download the image archive of job build', uses: pinnedUses('downloadArtifact'), with: { name: 'build-image.tar', path: '${{ runner.temp }}/image-archives' } });
    expect(fallback.steps[2].env).toEqual({
      ARCHIVE: '${{ runner.temp }}/image-archives/build-image.tar',
      BUILT_ID: '${{ needs.build.outputs.archive-id }}',
      BUILT_DIGEST: '${{ needs.build.outputs.archive-digest }}',
      FORK_CI_IMAGE: '${{ needs.build.outputs.archive }}',
    });
    expect(fallback.steps[2].run).toMatch(/^docker load --input "\$ARCHIVE"\n/);
    expect(fallback.steps[2].run).toMatch(/docker tag "\$FORK_CI_IMAGE" fork-ci\/build:local$/);
    const build = YAML.parse(text).jobs.build;
    const archive = build.steps.find((s: { id?: string }) => s.id === 'archive');
    expect(archive.if).toBe(IS_FORK);
    expect(archive.with).toEqual({
      'context': '.',
      'cache-from': 'type=gha,scope=acme-app',
      'outputs': 'type=docker,dest=${{ runner.temp }}/image-archives/build-image.tar',
      'tags': 'ghcr.io/acme/app:${{ github.sha }}',
      'provenance': 'false',
      'sbom': 'false',
    });
    const upload = build.steps[build.steps.indexOf(archive) + 1];
    expect(upload).toEqual({
      name: 'Upload the image archive',
      if: IS_FORK,
      uses: pinnedUses('uploadArtifact'),
      with: { 'path': '${{ runner.temp }}/image-archives/build-image.tar', 'archive': 'false', 'if-no-files-found': 'error', 'retention-days': '1', 'overwrite': 'true' },
    });
  });

  test.each<[string, RunScenario, boolean, boolean]>([
    ['a push to main', { eventName: 'push', repository: 'acme/shop', digest: 'sha256:1' }, true, false],
    ['a same-repository pull request', { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'acme/shop', digest: 'sha256:1' }, true, false],
    ['a fork pull request', { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'someone/shop', digest: '' }, false, true],
  ])('simulated %s: the image is built exactly once (the pushing build, or the export the fallback loads)', (_label, scenario, pushes, exports) => {
    const run = simulateRun(text, scenario);
    expect(run.builds.build.buildStepRuns).toBe(pushes);
    expect(run.builds.build.archiveRuns).toBe(exports);
    expect(run.jobs.build_fork.result).toBe(exports ? 'success' : 'skipped');
    // The fallback checks the image it loads against the build's reported id, under the name the export gave it.
    expect(run.runnerConsumers.build_fork.loads).toEqual({ FORK_CI_IMAGE: exports ? `ghcr.io/acme/app:${'a'.repeat(40)}` : '' });
    expect(run.builds.build.image).toBe(pushes ? 'ghcr.io/acme/app@sha256:1' : '');
  });

  test('keeps the build\'s own inputs in the export but never its secrets, attestations or cache export', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { pullRequest: {} } });
    const image = new DockerBuildJob(ci, 'build', {
      forkPullRequests: ForkPullRequests.fallback(),
      image: 'ghcr.io/acme/app',
      file: 'docker/Dockerfile',
      target: 'test',
      buildArgs: { PY: '3.13' },
      buildSecrets: { npm: 'NPM_TOKEN' },
      provenance: true,
      cache: GhaCache.max(),
    });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    const yaml = ci.toYaml();
    const load = YAML.parse(yaml).jobs.build.steps.find((s: { id?: string }) => s.id === 'archive');
    expect(load.with).toEqual({
      'context': '.',
      'file': 'docker/Dockerfile',
      'target': 'test',
      'build-args': 'PY=3.13',
      'cache-from': 'type=gha,scope=acme-app',
      'outputs': 'type=docker,dest=${{ runner.temp }}/image-archives/build-image.tar',
      'tags': 'ghcr.io/acme/app:${{ github.sha }}',
      'provenance': 'false',
      'sbom': 'false',
    });
    expect(load.env).toBeUndefined();
    expect(JSON.stringify(YAML.parse(yaml).jobs.build_fork)).not.toMatch(/secrets\./);
    await expectValidWorkflow(yaml);
  });

  test('replays every consumer\'s run: steps in the image with docker run; the script travels in an env variable', async () => {
    expect(fallback.steps.slice(3)).toEqual([
      { name: 'lint: Lint', env: { ...GIT_TRUST, FORK_CI_SCRIPT: 'ruff check .' }, run: SCRIPT_RUN },
      {
        name: 'unit: Unit',
        env: { CI: 'true', PYTHONHASHSEED: '0', ...GIT_TRUST, FORK_CI_SCRIPT: 'pytest -q\npytest -q tests/slow' },
        run: `docker run --rm -v "$GITHUB_WORKSPACE:/workspace" -w "/workspace" -e CI -e PYTHONHASHSEED ${GIT_TRUST_E} --entrypoint sh fork-ci/build:local -e -c "$FORK_CI_SCRIPT"`,
      },
    ]);
    await expectValidWorkflow(text);
  });

  test.each<[string, RunScenario, boolean, boolean]>([
    ['a push to main', { eventName: 'push', repository: 'acme/shop', digest: 'sha256:1' }, false, true],
    ['a same-repository pull request', { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'acme/shop', digest: 'sha256:1' }, false, true],
    ['a same-repository pull request, owner in another case', { eventName: 'pull_request', repository: 'Acme/Shop', headRepository: 'acme/shop', digest: 'sha256:1' }, false, true],
    ['a fork pull request', { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'someone/shop', digest: '' }, true, false],
    ['a pull request from a deleted fork', { eventName: 'pull_request', repository: 'acme/shop', headRepository: null, digest: '' }, true, false],
  ])('simulated %s: exactly one of the fallback and the push runs', (_label, scenario, fallbackRuns, pushes) => {
    const ctx = { contexts: runContexts(scenario) };
    const jobs = YAML.parse(text).jobs;
    expect(evaluateCondition(jobs.build_fork.if, ctx)).toBe(fallbackRuns);
    const login = jobs.build.steps.find((s: { uses?: string }) => s.uses?.startsWith('docker/login-action'));
    expect(evaluateCondition(login.if, ctx)).toBe(pushes);
  });

  test('bash, a working directory (passed as a variable, like the script), runAsRoot and options carry over; step if and continue-on-error too', async () => {
    const ci = workflowWith(ForkPullRequests.fallback(), {
      test: { shell: 'bash', runAsRoot: true, options: '--cpus 2', steps: [{ run: 'make', workingDirectory: 'app', if: 'always()', continueOnError: true }] },
    });
    const step = YAML.parse(ci.toYaml()).jobs.build_fork.steps[3];
    expect(step).toEqual({
      'name': 'test: step 1',
      'if': 'always()',
      'env': { ...GIT_TRUST, FORK_CI_WORKDIR: '/workspace/app', FORK_CI_SCRIPT: 'make' },
      'run': `docker run --rm -v "$GITHUB_WORKSPACE:/workspace" -w "$FORK_CI_WORKDIR" ${GIT_TRUST_E} --cpus 2 --user root --entrypoint bash fork-ci/build:local --noprofile --norc -eo pipefail -c "$FORK_CI_SCRIPT"`,
      'continue-on-error': true,
    });
    await expectValidWorkflow(ci.toYaml());
  });

  test('test reports are uploaded from the runner, where the mounted workspace holds them', () => {
    const ci = workflowWith(ForkPullRequests.fallback(), { unit: { reports: [{ name: 'junit', path: 'junit.xml' }] } });
    expect(YAML.parse(ci.toYaml()).jobs.build_fork.steps.slice(3).map((s: { name: string; uses?: string }) => [s.name, s.uses])).toEqual([
      ['unit: step 1', undefined],
      ['unit: Upload junit', pinnedUses('uploadArtifact')],
    ]);
  });

  test('services are started on a network of their own, reachable by name, waited for until healthy, and removed', async () => {
    const ci = workflowWith(ForkPullRequests.fallback(), {
      integration: {
        services: [{ name: 'postgres', image: 'postgres:17', env: { POSTGRES_PASSWORD: 'pw' }, options: '--health-cmd pg_isready --health-interval 2s' }],
        steps: [{ run: 'pytest tests/integration' }],
      },
    });
    const yaml = ci.toYaml();
    const steps = YAML.parse(yaml).jobs.build_fork.steps.slice(3);
    expect(steps.map((s: { name: string }) => s.name)).toEqual(['integration: start services', 'integration: step 1', 'integration: stop services']);
    expect(steps[0].env).toEqual({ FORK_CI_S0_POSTGRES_PASSWORD: 'pw' });
    expect(steps[0].run.split('\n').slice(0, 2)).toEqual([
      'docker network create fork-ci-integration',
      'docker run -d --name fork-ci-integration-postgres --network fork-ci-integration --network-alias postgres -e POSTGRES_PASSWORD="$FORK_CI_S0_POSTGRES_PASSWORD" --health-cmd pg_isready --health-interval 2s postgres:17',
    ]);
    expect(steps[0].run).toContain('{{.State.Health.Status}}');
    expect(steps[1].run).toContain('--network fork-ci-integration --entrypoint sh');
    expect(steps[2]).toEqual({ name: 'integration: stop services', if: 'always()', run: 'docker rm -f fork-ci-integration-postgres || true\ndocker network rm fork-ci-integration || true' });
    await expectValidWorkflow(yaml);
  });

  test('a job that is only sharded runs once in the fallback, as shard 1 of 1', () => {
    const ci = workflowWith(ForkPullRequests.fallback(), { unit: { strategy: { shards: 4 }, steps: [{ run: 'jest --shard="$SHARD/$SHARD_TOTAL"' }] } });
    const step = YAML.parse(ci.toYaml()).jobs.build_fork.steps[3];
    expect(step.env).toEqual({ SHARD: '1', SHARD_TOTAL: '1', ...GIT_TRUST, FORK_CI_SCRIPT: 'jest --shard="$SHARD/$SHARD_TOTAL"' });
    expect(step.run).toContain(`-e SHARD -e SHARD_TOTAL ${GIT_TRUST_E}`);
  });

  test('a checkout path is where the sources are mounted (passed as a variable)', () => {
    const ci = workflowWith(ForkPullRequests.fallback(), { test: { checkout: { path: 'src' } } });
    const step = YAML.parse(ci.toYaml()).jobs.build_fork.steps[3];
    expect(step.run).toContain('-v "$GITHUB_WORKSPACE:$FORK_CI_MOUNT" -w "/workspace"');
    expect(step.env.FORK_CI_MOUNT).toBe('/workspace/src');
  });

  test('a working directory with an expression or quotes never reaches the shell\'s text (found by the fuzzer: zizmor template-injection)', async () => {
    const ci = workflowWith(ForkPullRequests.fallback(), { test: { steps: [{ run: 'make', workingDirectory: 'say "hi"/${{ github.ref }}' }] } });
    const yaml = ci.toYaml();
    const step = YAML.parse(yaml).jobs.build_fork.steps[3];
    expect(step.run).not.toContain('github.ref');
    expect(step.env.FORK_CI_WORKDIR).toBe('/workspace/say "hi"/${{ github.ref }}');
    await expectValidWorkflow(yaml);
  });

  test('container or service options with an expression are not replayed: they would be shell text', () => {
    const ci = workflowWith(ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.ERROR }), { test: { options: '--cpus ${{ vars.CPUS }}' } });
    expect(problems(ci)).toEqual([expect.stringContaining('job "test" the whole job cannot run in the fork fallback because its container or service options (or a service image) read an expression')]);
  });

  test('runs where the build job runs: the same labels and runner group', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { pullRequest: {} } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', runnerGroup: 'builders', runsOn: ['linux', 'x64'] });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    const grouped = ci.toYaml();
    const jobs = YAML.parse(grouped).jobs;
    expect(jobs.build['runs-on']).toEqual({ group: 'builders', labels: ['linux', 'x64'] });
    expect(jobs.build_fork['runs-on']).toEqual(jobs.build['runs-on']);
    await expectValidWorkflow(grouped);
  });

  test('the workflow\'s default shell applies when the job has none', () => {
    const step = YAML.parse(workflowWith(ForkPullRequests.fallback(), { test: {} }, 'bash').toYaml()).jobs.build_fork.steps[3];
    expect(step.run).toContain('--entrypoint bash');
  });

  test('with UnsupportedOnFork.SKIP (the default), actions, matrix jobs and private services are skipped with a job-summary line', async () => {
    const ci = workflowWith(ForkPullRequests.fallback(), {
      unit: { steps: [{ run: 'pytest' }, { name: 'Coverage', uses: 'codecov/codecov-action@671740ac38dd9b0130fbe1cec585b89eea48d3de # v5.5.2' }] },
      versions: { strategy: { domain: { python: ['3.12', '3.13'] } } },
      db: { services: [{ name: 'cache', image: 'acme/private-cache:1', credentials: { username: 'acme', password: '${{ secrets.REGISTRY_TOKEN }}' } }] },
      py: { steps: [{ run: 'print(1)', shell: 'python' }] },
    });
    const yaml = ci.toYaml();
    const steps = YAML.parse(yaml).jobs.build_fork.steps;
    expect(steps.slice(3).map((s: { name: string }) => s.name)).toEqual(['unit: step 1', 'Job summary']);
    expect(steps[4]).toEqual({
      name: 'Job summary',
      if: 'always()',
      env: {
        SUMMARY: [
          'Not run on this pull request from a fork (the image could not be pushed, so these ran with docker run instead of as container jobs):',
          '- unit steps[1] ("Coverage"): it uses an action, which needs the runner, not docker run',
          '- versions the whole job: it has a matrix strategy',
          '- db the whole job: a service needs registry credentials, which fork pull requests do not get',
          '- py steps[0]: its shell "python" is not sh or bash',
        ].join('\n'),
      },
      run: 'printf \'%s\\n\' "$SUMMARY" >> "$GITHUB_STEP_SUMMARY"',
    });
    await expectValidWorkflow(yaml);
  });

  test('with UnsupportedOnFork.ERROR, every step it cannot run is listed in one error', () => {
    const ci = workflowWith(ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.ERROR }), {
      unit: { steps: [{ run: 'pytest', env: { V: '${{ matrix.v }}' } }, { name: 'Coverage', uses: 'codecov/codecov-action@671740ac38dd9b0130fbe1cec585b89eea48d3de # v5.5.2' }] },
    });
    const fix = 'change it, or use ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.SKIP }) to skip it on forks with a job-summary line.';
    expect(problems(ci)).toEqual([
      `ci/build: job "unit" steps[0] cannot run in the fork fallback because it reads matrix, needs, steps or strategy values, which the fallback job does not have; ${fix}`,
      `ci/build: job "unit" steps[1] ("Coverage") cannot run in the fork fallback because it uses an action, which needs the runner, not docker run; ${fix}`,
      'ci/unit: reads matrix.v, but the job has no strategy; add strategy: { domain: { v: [...] } } or remove the reference. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymatrix',
    ]);
  });

  test('env names that one fallback step cannot hold (GitHub reads them ignoring case) are unsupported, never a duplicate key', async () => {
    const consumers: { [id: string]: Partial<ContainerTestJobProps> } = {
      mixed: { env: { V: '1' }, steps: [{ run: 'make a', env: { v: '2' } }, { run: 'make b', env: { V: '3' } }] },
      script: { steps: [{ run: 'make c', env: { fork_ci_script: 'x' } }] },
      whole: { env: { Fork_Ci_Script: 'x' } },
    };
    const skipped = workflowWith(ForkPullRequests.fallback(), consumers).toYaml();
    const steps = YAML.parse(skipped).jobs.build_fork.steps;
    // Same name, same case: the step's value wins, as in the container job.
    expect(steps.find((st: { name: string }) => st.name === 'mixed: step 2').env).toEqual({ V: '3', ...GIT_TRUST, FORK_CI_SCRIPT: 'make b' });
    expect(steps.find((st: { name: string }) => st.name === 'Job summary').env.SUMMARY.split('\n').slice(1)).toEqual([
      '- mixed steps[0]: its env sets v beside the job\'s V; one step\'s env cannot hold both (GitHub reads env names ignoring case)',
      '- script steps[0]: its env sets fork_ci_script, the variable the fallback passes each script in',
      '- whole the whole job: its env sets Fork_Ci_Script, the variable the fallback passes each script in',
    ]);
    await expectValidWorkflow(skipped);
    const fix = 'change it, or use ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.SKIP }) to skip it on forks with a job-summary line.';
    expect(problems(workflowWith(ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.ERROR }), consumers))).toEqual([
      `ci/build: job "mixed" steps[0] cannot run in the fork fallback because its env sets v beside the job's V; one step's env cannot hold both (GitHub reads env names ignoring case); ${fix}`,
      `ci/build: job "script" steps[0] cannot run in the fork fallback because its env sets fork_ci_script, the variable the fallback passes each script in; ${fix}`,
      `ci/build: job "whole" the whole job cannot run in the fork fallback because its env sets Fork_Ci_Script, the variable the fallback passes each script in; ${fix}`,
    ]);
  });

  test('a build job without consumers gets no fallback', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { pullRequest: {} } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', forkPullRequests: ForkPullRequests.fallback() });
    expect(Object.keys(YAML.parse(ci.toYaml()).jobs)).toEqual(['build', 'result']);
  });

  test('a job id the strategy needs is refused when taken, with both ways out', () => {
    const ci = workflowWith(ForkPullRequests.fallback(), { build_fork: {} });
    expect(problems(ci)).toEqual(['ci/build: job id "build_fork" is taken, but the fork pull request strategy (forkPullRequests) adds a job with that id; rename your job, or choose ForkPullRequests.none().']);
  });
});

describe('the default strategy', () => {
  function jobIds(triggers: object, forkPullRequests?: ForkPullRequests): string[] {
    const ci = new Workflow(tempProject(), 'ci', { triggers });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), forkPullRequests });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    return Object.keys(YAML.parse(ci.toYaml()).jobs);
  }

  test('with a pullRequest trigger, the fallback is added without being asked for, identical to fallback()', () => {
    expect(jobIds({ pullRequest: {} })).toEqual(['build', 'test', 'build_fork', 'result']);
    expect(workflowWith(undefined, { test: {} }).toYaml()).toBe(workflowWith(ForkPullRequests.fallback(), { test: {} }).toYaml());
  });

  test('a name clash with the default fallback is refused the same way, naming the option', () => {
    const ci = workflowWith(undefined, { build_fork: {} });
    expect(problems(ci)).toEqual(['ci/build: job id "build_fork" is taken, but the fork pull request strategy (forkPullRequests) adds a job with that id; rename your job, or choose ForkPullRequests.none().']);
  });

  test('without a pullRequest trigger no fork pull request can run the workflow, so nothing is added', () => {
    expect(jobIds({ push: { branches: ['main'] }, workflowDispatch: {}, schedule: [{ cron: '0 3 * * 1' }] })).toEqual(['build', 'test']);
    // (a merge queue still gets the workflow's result job, which is not a fork fallback)
    expect(jobIds({ mergeGroup: {} })).toEqual(['build', 'test', 'result']);
  });

  test('ForkPullRequests.none() adds nothing; the container jobs still skip on forks instead of running on the host', async () => {
    const ci = workflowWith(ForkPullRequests.none(), { test: {} });
    const yaml = ci.toYaml();
    expect(Object.keys(YAML.parse(yaml).jobs)).toEqual(['build', 'test', 'result']);
    const fork = simulateRun(yaml, { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'someone/shop', digest: '' });
    expect(fork.consumers.test.runs).toBe(false);
    expect(fork.builds.build.loginRuns).toBe(false);
    expect(workflowWith(ForkPullRequests.none(), { build_fork: {} }).toYaml()).toContain('build_fork:');
    await expectValidWorkflow(yaml);
  });
});

describe('ForkPullRequests.skipConsumers()', () => {
  test('a notice job writes a job summary naming the skipped jobs and why, with no token permissions', async () => {
    const yaml = workflowWith(ForkPullRequests.skipConsumers(), { lint: {}, unit: {} }).toYaml();
    const notice = YAML.parse(yaml).jobs.fork_notice;
    expect(notice).toEqual({
      'name': 'Fork pull request notice',
      'if': "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository",
      'runs-on': 'ubuntu-latest',
      'permissions': {},
      'timeout-minutes': 5,
      'steps': [{
        name: 'Job summary',
        if: 'always()',
        env: { SUMMARY: 'Skipped on this pull request from a fork: lint, unit. A fork\'s token cannot push the image these jobs run in; a maintainer can push the branch to this repository to run them.' },
        run: 'printf \'%s\\n\' "$SUMMARY" >> "$GITHUB_STEP_SUMMARY"',
      }],
    });
    await expectValidWorkflow(yaml);
  });

  test('garbage is refused', () => {
    const ci = workflowWith({ kind: 'fallback' } as unknown as ForkPullRequests, { test: {} });
    expect(problems(ci)).toEqual(['ci/build: forkPullRequests is {"kind":"fallback"}; use ForkPullRequests.fallback(), ForkPullRequests.skipConsumers() or ForkPullRequests.none(), or leave it out.']);
    const none = workflowWith(null as unknown as ForkPullRequests, { test: {} });
    expect(problems(none)).toEqual(['ci/build: forkPullRequests is null; use ForkPullRequests.fallback(), ForkPullRequests.skipConsumers() or ForkPullRequests.none(), or leave it out.']);
  });
});

describe('garbage with a fork strategy', () => {
  test.each<[string, Partial<ContainerTestJobProps>]>([
    ['null steps', { steps: [null as unknown as { run: string }] }],
    ['outputEnv a string', { outputEnv: 'x' as unknown as {} }],
    ['outputEnv null', { outputEnv: null as unknown as {} }],
    ['services a string', { services: 'db' as unknown as [] }],
    ['strategy null', { strategy: null as unknown as {} }],
    ['checkout null', { checkout: null as unknown as {} }],
    ['reports null', { reports: null as unknown as [] }],
    ['options a number', { options: 3 as unknown as string }],
  ])('%s is refused with WorkflowValidationError, never a TypeError', (_label, props) => {
    for (const strategy of [ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.ERROR }), ForkPullRequests.skipConsumers()]) {
      expect(problems(workflowWith(strategy, { test: props })).length).toBeGreaterThan(0);
    }
  });
});
