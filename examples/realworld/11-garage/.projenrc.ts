// Re-declares rlworkgroup/garage .github/workflows/ci.yml at 7f0b39f7 (2020-12-04): one job builds the
// CI image, the pre-commit check, doctest and four test suites (nightly: three more) each run it on the
// runner with `docker run`, a job publishes to PyPI and a last job deletes the run's image.
//
// Kept better: the image is built with Buildx (gha layer cache instead of `--cache-from` a tag that
// only this run writes) and pushed to ghcr.io with the workflow's token (the original: a personal
// token into the retired docker.pkg.github.com); every job declares the image (`images:`) and runs
// exactly that digest, pulled with the workflow's token before its steps; no secret sits
// in the workflow-wide env (each step that needs one gets it), and the pull request branch names
// reach `TRAVIS_COMMIT_RANGE` through `env:`; coverage is uploaded by the pinned codecov
// action instead of a script piped from curl; the PyPI upload uses trusted publishing (OIDC) instead of
// a token written in the workflow, and runs only for tags (the original's `if` is commented out, so
// it published on every run); each job has only the token permissions it needs.
// Approximated: the test jobs stay on the runner with `docker run` (as the original; a ContainerTestJob
// with `options: '--memory 6500m'` would be the library's way); on a fork pull request (nothing
// pushed, no MuJoCo key) they are skipped, where the original failed at its registry login. The
// library pulls a declared image for the whole job, so `check_pre_commit` pulls it on pushes and
// schedules too, where its steps do nothing (the original pulls on pull requests only). The original hands the workflow's GitHub token to the
// build as a build argument (it stays in the image history); a build secret cannot name GITHUB_TOKEN,
// so the build here gets no token. Deleting the run's image is a placeholder script, like all scripts.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, Job, PermissionLevel, RunnerJob, Step, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '11-garage' });
const ci = new Workflow(project, 'ci', {
  name: 'Garage CI',
  triggers: {
    schedule: [{ cron: '0 9 * * *' }],
    push: { branches: ['master'], tags: ['*'] },
    pullRequest: { branches: ['master'] },
  },
});

const image = new DockerBuildJob(ci, 'build_docker_container', {
  name: 'Build Docker Container',
  image: 'ghcr.io/rlworkgroup/garage-ci',
  file: 'docker/Dockerfile',
  target: 'garage-dev-18.04',
  cache: GhaCache.max(),
  checkout: { fetchDepth: 0 },
});

const MJKEY = { MJKEY: '${{ secrets.MJKEY }}' };

/**
 * The step that runs `command` in this run's image with the original's memory limit;
 * `pass` names the variables handed into the container, `mounts` are its volumes.
 */
function inImage(name: string, command: string, pass: string[], env: { [name: string]: string } = {}, mounts: string[] = []): Step[] {
  const flags = [...pass.map((v) => `-e ${v}`), ...mounts.map((m) => `-v "${m}"`)].join(' ');
  return [{
    name,
    env: { ...MJKEY, ...env },
    run: `docker run --rm ${flags} --memory 6500m --memory-swap 6500m "$GARAGE_IMAGE" ${command}`,
  }];
}

/** A job on the runner that runs one command in the image, pulled by digest; it is skipped when nothing was pushed, and `condition` is added to that guard. */
function imageJob(id: string, name: string, needs: Job[], steps: Step[], condition?: string): RunnerJob {
  return new RunnerJob(ci, id, {
    name,
    needs,
    if: condition,
    images: [image.onRunner({ env: 'GARAGE_IMAGE' })],
    checkout: { fetchDepth: 0 },
    steps,
  });
}

/** A test suite with coverage, uploaded from the mounted reports directory. */
function suite(id: string, name: string, kind: string, needs: Job[]): RunnerJob {
  return imageJob(id, name, needs, [
    ...inImage(name, `./ci/test.sh ${kind} /reports/coverage.xml`, ['MJKEY', 'GITHUB_ACTIONS'], {}, ['$GITHUB_WORKSPACE/reports:/reports']),
    {
      name: 'Upload coverage',
      uses: 'codecov/codecov-action@671740ac38dd9b0130fbe1cec585b89eea48d3de # v5.5.2',
      with: { files: 'reports/coverage.xml', token: '${{ secrets.CODECOV_TOKEN }}' },
    },
  ]);
}

const precommit = imageJob('check_pre_commit', 'Check pre-commit', [image], [
  ...inImage('Check pre-commit', './ci/precommit.sh', ['MJKEY', 'TRAVIS_COMMIT_RANGE'], {
    TRAVIS_COMMIT_RANGE: 'origin/${{ github.base_ref }}...origin/${{ github.head_ref }}',
  }).map((step) => ({ ...step, if: "github.event_name == 'pull_request'" })),
]);

imageJob('doctest', 'Run Doctest', [precommit], inImage('Doctest', './ci/doctest.sh', ['MJKEY']));
const tests = [
  suite('normal_test', 'Normal Tests', 'normal', [precommit]),
  suite('large_test', 'Large Tests', 'large', [precommit]),
  suite('mujoco_test', 'MuJoCo-Based Tests', 'mujoco', [precommit]),
  suite('mujoco_test_long', 'Large MuJoCo-Based Tests', 'mujoco_long', [precommit]),
];

const nightly = "github.event_name == 'schedule'";
const scheduled = [
  imageJob('nightly_test', 'Nightly Tests', [image], inImage('Nightly tests', './ci/test.sh nightly', ['MJKEY']), nightly),
  imageJob('verify_envs_conda', 'Verify Conda Environment Installation', [image], inImage('Verify Conda', './ci/verify-env.sh conda', ['MJKEY']), nightly),
  imageJob('verify_envs_pipenv', 'Verify Pipenv Environment Installation', [image], inImage('Verify Pipenv', './ci/verify-env.sh pipenv', ['MJKEY']), nightly),
];

new RunnerJob(ci, 'deploy_to_PYPI', {
  name: 'Deploy to PYPI',
  needs: tests,
  if: "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/')",
  // Trusted publishing: PyPI exchanges the job's OIDC token, no password anywhere.
  permissions: { idToken: PermissionLevel.WRITE },
  checkout: { fetchDepth: 0 },
  steps: [
    { name: 'Build the sdist and the wheel', run: 'make dist' },
    { name: 'Publish to PyPI', uses: 'pypa/gh-action-pypi-publish@81e9d935c883d0b210363ab89cf05f3894778450 # v1.8.14' },
  ],
});

new RunnerJob(ci, 'delete_docker_container', {
  name: 'Delete Docker Container',
  needs: [...tests, ...scheduled],
  if: 'always()',
  outputEnv: { GARAGE_IMAGE: image.output('image') },
  permissions: { packages: PermissionLevel.WRITE },
  steps: [{
    name: 'Delete this run\'s image',
    if: "env.GARAGE_IMAGE != ''",
    env: { GH_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
    run: 'gh api -X DELETE "/orgs/rlworkgroup/packages/container/garage-ci/versions/$(./ci/package-version-id.sh "$GARAGE_IMAGE")"',
  }],
});

project.synth();
