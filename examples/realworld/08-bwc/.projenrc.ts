// Re-declares isri-aist/BaselineWalkingController .github/workflows/docker.yaml at 101823b9 (2025-02-04):
// a weekly and per-push build of a ROS/mc_rtc image, then a matrix of walking simulations run
// inside it. The scripts are placeholders of ours.
//
// Kept better: the simulations run in the exact digest this run pushed (`name@sha256:...`), not the
// tag `<name>_ci:<sha>`, which a re-run or a concurrent run can move; the push uses the
// build-push-action with the workflow token and `packages: write` only in the build job, instead of
// piping the token into `docker login` in a script; `latest` is given to the digest the simulations
// passed, after they passed (the original pushed it before any test ran), by a job of its own
// (`release-docker`, no rebuild: `docker buildx imagetools create`); actions are pinned to commits;
// the runners are `ubuntu-24.04` (`ubuntu-20.04` is retired).
// Approximated: the CI image is `ghcr.io/<owner>/<repo>/ci` (the repository's name, lowercased at
// run time) instead of `ghcr.io/<owner>/baseline_walking_controller_ci`: the library names images
// after the repository or literally, not after the owner alone; the checkout is at the workspace
// root (the library's build job checks out nowhere else), so the build context is
// `.github/workflows` there. `release-docker` is not a PromoteImageJob: that tags the build's own
// image name, and the original releases `latest` under another repository than its CI image. No layer cache, as in the original: the weekly rebuild exists to pick
// up new upstream packages, which a cache would keep old.
import { Project } from 'projen';
import { CheckoutSubmodules, ContainerTestJob, DockerBuildJob, Matrix, PermissionLevel, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '08-bwc' });
const docker = new Workflow(project, 'docker', {
  name: 'Docker release',
  triggers: { push: { branches: ['**'] }, schedule: [{ cron: '0 0 * * 0' }] },
});

const image = new DockerBuildJob(docker, 'build-docker', {
  runsOn: ['ubuntu-24.04'],
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/ci`,
  checkout: { submodules: CheckoutSubmodules.RECURSIVE },
  context: '.github/workflows',
  buildArgs: { REPOSITORY: '${{ github.repository_owner }}', COMMIT_SHA: '${{ github.sha }}' },
});

// Where the image keeps the controller's CI scripts and configurations.
const CI_DIR = '/root/catkin_ws/src/isri-aist/BaselineWalkingController/.github/workflows';
const simulations = new ContainerTestJob(docker, 'test-docker', {
  image,
  runsOn: ['ubuntu-24.04'],
  strategy: {
    domain: {
      'mpc-method': ['PreviewControlZmp'],
      'mpc-framework': ['OpenLoopMpc'],
      'motion-type': ['WalkingOnPlane', 'WalkingOnStairs', 'WalkingOnPlaneVel', 'WalkingWithFootstepPlanner'],
    },
    failFast: false,
  },
  // The image holds the sources it was built from; nothing to check out.
  checkout: { enabled: false },
  shell: 'bash',
  env: {
    HOME: '/root',
    CI_DIR,
    MPC_METHOD: Matrix.value('mpc-method'),
    MPC_FRAMEWORK: Matrix.value('mpc-framework'),
    MOTION_TYPE: Matrix.value('motion-type'),
    RESULTS_POSTFIX: `${Matrix.value('mpc-method')}-${Matrix.value('mpc-framework')}-${Matrix.value('motion-type')}-docker`,
  },
  steps: [
    { name: 'Check the installed commit', run: '"$CI_DIR/ci.sh" check-install' },
    { name: 'Run simulation', run: '"$CI_DIR/ci.sh" simulate "$MPC_METHOD" "$MPC_FRAMEWORK" "$MOTION_TYPE"' },
    { name: 'Check simulation results', run: '"$CI_DIR/ci.sh" check-results "$MOTION_TYPE"' },
  ],
  reports: [{ name: 'BWC-docker-results-${{ env.RESULTS_POSTFIX }}', path: '/tmp/results' }],
});

new RunnerJob(docker, 'release-docker', {
  needs: [simulations],
  runsOn: ['ubuntu-24.04'],
  if: "github.repository_owner == 'isri-aist' && github.ref == 'refs/heads/master'",
  checkout: { enabled: false },
  outputEnv: { TESTED_IMAGE: image.output('image') },
  permissions: { packages: PermissionLevel.WRITE },
  steps: [{
    name: 'Tag the tested image latest',
    run: 'echo "$GHCR_TOKEN" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin\n' +
      'docker buildx imagetools create -t ghcr.io/isri-aist/baseline_walking_controller:latest "$TESTED_IMAGE"',
    env: { GHCR_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
  }],
});

project.synth();
