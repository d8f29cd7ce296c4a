// Re-declares home-assistant/supervisor .github/workflows/builder.yml at 1d5806d0 (2022-05-06): `init`
// works out the architectures, version and channel, `build` builds (and on a release publishes) one
// image per architecture, `codenotary` signs the sources, `run_supervisor` starts the amd64 image on
// the runner and exercises it, and `version` publishes the new version number.
//
// Kept better: the manual run's inputs are typed (`publish` and `stable` are booleans, not the strings
// "true"/"false"); every value that reaches a script (the version, the channel, step and job outputs)
// goes through `env:` instead of `${{ }}` inside the script; the deprecated `::set-output` commands
// are `$GITHUB_OUTPUT`; each job has only the token permissions it needs (the workflow has none).
// Approximated: `build` is a matrix of one build per architecture read from `init` at run time, which
// a DockerBuildJob cannot be (no strategy on a build job, and its platforms are fixed at synth time):
// it is a RunnerJob whose placeholder script builds and, when publishing, pushes the image, so
// `run_supervisor` pulls it by version tag as the original does, not by digest. The home-assistant
// helper actions (info, version, git-init, version-push, codenotary, the wheels and builder actions,
// all referenced at `@master` or a date tag) and jitterbit/get-changed-files are placeholder scripts:
// none is a pinned action the workflow could name by commit.
import { Project } from 'projen';
import { DispatchInputs, DispatchInputType, JobOutput, Matrix, PermissionLevel, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '15-ha-supervisor' });
const ci = new Workflow(project, 'builder', {
  name: 'Build supervisor',
  triggers: {
    workflowDispatch: {
      inputs: {
        channel: { description: 'Channel', type: DispatchInputType.STRING, required: true, default: 'dev' },
        version: { description: 'Version', type: DispatchInputType.STRING, required: true },
        publish: { description: 'Publish', type: DispatchInputType.BOOLEAN, required: true, default: 'false' },
        stable: { description: 'Stable', type: DispatchInputType.BOOLEAN, required: true, default: 'false' },
      },
    },
    pullRequest: { branches: ['main'] },
    release: { types: ['published'] },
    push: {
      branches: ['main'],
      paths: ['rootfs/**', 'supervisor/**', 'build.yaml', 'Dockerfile', 'requirements.txt', 'setup.py'],
    },
  },
  env: { DEFAULT_PYTHON: '3.9', BUILD_NAME: 'supervisor', BUILD_TYPE: 'supervisor', WHEELS_TAG: '3.9-alpine3.14' },
});

const init = new RunnerJob(ci, 'init', {
  name: 'Initialize build',
  checkout: { fetchDepth: 0 },
  steps: [
    { id: 'info', name: 'Get information', run: './ci/info.sh >> "$GITHUB_OUTPUT"' },
    {
      id: 'version',
      name: 'Get version',
      env: {
        INPUT_CHANNEL: DispatchInputs.value('channel'),
        INPUT_VERSION: DispatchInputs.value('version'),
        INPUT_PUBLISH: DispatchInputs.value('publish'),
        INPUT_STABLE: DispatchInputs.value('stable'),
      },
      run: './ci/version.sh "$BUILD_TYPE" >> "$GITHUB_OUTPUT"',
    },
    {
      id: 'requirements',
      name: 'Check if requirements files changed',
      if: "steps.version.outputs.publish == 'false'",
      run: './ci/requirements-changed.sh >> "$GITHUB_OUTPUT"',
    },
  ],
  outputs: {
    architectures: JobOutput.fromStep('info', 'architectures'),
    version: JobOutput.fromStep('version', 'version'),
    channel: JobOutput.fromStep('version', 'channel'),
    publish: JobOutput.fromStep('version', 'publish'),
    requirements: JobOutput.fromStep('requirements', 'changed'),
  },
});

const publish = "needs.init.outputs.publish == 'true'";
const version = { VERSION: init.output('version') };

const build = new RunnerJob(ci, 'build', {
  name: `Build ${Matrix.value('arch')} supervisor`,
  strategy: { domainFromJson: { arch: init.output('architectures') } },
  outputEnv: { ...version, PUBLISH: init.output('publish') },
  env: { ARCH: Matrix.value('arch') },
  // Publishing pushes to ghcr.io with the workflow's token.
  permissions: { packages: PermissionLevel.WRITE },
  checkout: { fetchDepth: 0 },
  steps: [
    {
      name: 'Build wheels',
      if: "needs.init.outputs.requirements == 'true'",
      env: { WHEELS_KEY: '${{ secrets.WHEELS_KEY }}' },
      run: './ci/wheels.sh "$ARCH"',
    },
    {
      name: 'Log in to Docker Hub',
      if: publish,
      uses: 'docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0',
      with: { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' },
    },
    {
      name: 'Log in to GitHub Container Registry',
      if: publish,
      uses: 'docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0',
      with: { registry: 'ghcr.io', username: '${{ github.repository_owner }}', password: '${{ secrets.GITHUB_TOKEN }}' },
    },
    {
      name: 'Build supervisor',
      env: { CAS_API_KEY: '${{ secrets.CAS_TOKEN }}' },
      run: './ci/build.sh "$ARCH" "$VERSION"',
    },
  ],
});

const codenotary = new RunnerJob(ci, 'codenotary', {
  name: 'CAS signature',
  outputEnv: version,
  checkout: { fetchDepth: 0 },
  steps: [
    { id: 'dirhash', name: 'Hash the sources', if: publish, run: './ci/dirhash.sh supervisor >> "$GITHUB_OUTPUT"' },
    {
      name: 'Sign the sources',
      if: publish,
      env: { DIRHASH: '${{ steps.dirhash.outputs.dirhash }}', CAS_API_KEY: '${{ secrets.CAS_TOKEN }}' },
      run: './ci/sign.sh "hash://$DIRHASH" "supervisor-$VERSION"',
    },
  ],
});

const run = new RunnerJob(ci, 'run_supervisor', {
  name: 'Run the Supervisor',
  needs: [build, codenotary, init],
  timeoutMinutes: 60,
  outputEnv: version,
  permissions: { packages: PermissionLevel.READ },
  steps: [
    { name: 'Build the Supervisor', if: "needs.init.outputs.publish != 'true'", run: './ci/build.sh amd64 runner --load' },
    { name: 'Pull the Supervisor', if: publish, run: './ci/supervisor.sh pull "$VERSION"' },
    { name: 'Create and start the Supervisor', run: './ci/supervisor.sh start' },
    { name: 'Wait for the Supervisor', run: './ci/supervisor.sh wait' },
    { name: 'Check the Supervisor', run: './ci/supervisor.sh check' },
    { name: 'Check the store and an add-on', run: './ci/supervisor.sh addon' },
    { name: 'Check the code signature', if: publish, run: './ci/supervisor.sh content-trust' },
    { id: 'backup', name: 'Create a full backup', run: './ci/supervisor.sh backup >> "$GITHUB_OUTPUT"' },
    { name: 'Restart the Supervisor', run: './ci/supervisor.sh restart' },
    { name: 'Restore from the backup', env: { SLUG: '${{ steps.backup.outputs.slug }}' }, run: './ci/supervisor.sh restore "$SLUG"' },
    { name: 'Supervisor logs', if: 'cancelled() || failure()', run: 'docker logs hassio_supervisor' },
  ],
});

new RunnerJob(ci, 'version', {
  name: 'Update version',
  needs: [init, run],
  outputEnv: { VERSION: init.output('version'), CHANNEL: init.output('channel') },
  steps: [
    {
      name: 'Publish the version',
      if: publish,
      env: { GIT_NAME: '${{ secrets.GIT_NAME }}', GIT_EMAIL: '${{ secrets.GIT_EMAIL }}', GIT_TOKEN: '${{ secrets.GIT_TOKEN }}' },
      run: './ci/version-push.sh "$BUILD_NAME" "$VERSION" "$CHANNEL"',
    },
  ],
});

project.synth();
