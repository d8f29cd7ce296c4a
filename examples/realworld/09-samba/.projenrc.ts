// Re-declares samba-in-kubernetes/samba-container .github/workflows/container-image.yml at 33921f92
// (2024-03-04): matrices of image builds per kind (server, ad-server, client, toolbox) and package
// source, handed to test jobs (a container test, an AD DC deployment on k3s) as artifacts, and a
// push of a selection of them to quay.io. The scripts are placeholders of ours.
//
// Kept better: every action is pinned to a commit (the artifact hand-off uses actions/upload-artifact
// and download-artifact instead of the unpinned ishworkh container-image-artifact actions); the
// quay.io password reaches `docker login` on stdin from `env:`, not on the command line of a script
// interpolating secrets; the gitlint checkout does not keep the token in `.git/config`; each job has
// `contents: read` only; runners are current (`ubuntu-20.04`, pinned by the original for its jq, is
// retired: `ubuntu-22.04`, the oldest one left).
// Approximated: the builds stay runner jobs that build with the repository's own tooling and hand
// over `docker save` tarballs: the library's build job takes no matrix (issue 14), so a matrix of
// images cannot go through DockerBuildJob and its digest hand-off. The commit-lint job checks out
// the pull request's head with a checkout step of its own: the library's checkout has no `ref`.
import { Project } from 'projen';
import { Matrix, PermissionLevel, RunnerJob, Step, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '09-samba' });
const ci = new Workflow(project, 'container-image', {
  name: 'Samba Container Image CI',
  triggers: {
    push: { branches: ['master'] },
    pullRequest: { branches: ['master'] },
    schedule: [{ cron: '0 2 * * *' }],
    workflowDispatch: {},
  },
  env: { CONTAINER_CMD: 'docker' },
});

const UPLOAD = 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0';
const DOWNLOAD = 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1';
const IMAGES = 'images';

/** Saves a built image and uploads it as an artifact named after it, for one day. */
function uploadImage(kind: string): Step[] {
  return [
    { name: `Save the ${kind} image`, run: `mkdir -p ${IMAGES}\n"$CONTAINER_CMD" save "${kind}:$IMG_TAG" > "${IMAGES}/${kind}-$IMG_TAG.tar"` },
    { name: `Upload the ${kind} image`, uses: UPLOAD, with: { 'name': `${kind}-\${{ env.IMG_TAG }}`, 'path': `${IMAGES}/${kind}-\${{ env.IMG_TAG }}.tar`, 'retention-days': '1', 'if-no-files-found': 'error' } },
  ];
}

/** Downloads the artifact of image `kind:tag` (`tag` may be an expression) and loads it. */
function downloadImage(kind: string, tag: string): Step[] {
  return [
    { name: `Download ${kind}:${tag}`, uses: DOWNLOAD, with: { name: `${kind}-${tag}`, path: IMAGES } },
    { name: `Load ${kind}:${tag}`, run: `"$CONTAINER_CMD" load --input "${IMAGES}/${kind}-$TAG.tar"`, env: { TAG: tag } },
  ];
}

const serverMatrix = {
  domain: { package_source: ['default', 'nightly'], os: ['centos', 'fedora', 'opensuse'], arch: ['amd64'] },
  // No nightly packages for openSUSE.
  exclude: [{ package_source: 'nightly', os: 'opensuse' }],
};
const buildEnv = (tag: string) => ({ BUILDAH_FORMAT: 'oci', IMG_TAG: tag, OS_NAME: Matrix.value('os'), BUILD_ARCH: Matrix.value('arch') });
const sourceTag = `${Matrix.value('package_source')}-${Matrix.value('os')}-${Matrix.value('arch')}`;
const defaultTag = `default-${Matrix.value('os')}-${Matrix.value('arch')}`;
const sourceEnv = { ...buildEnv(sourceTag), PACKAGE_SOURCE: Matrix.value('package_source') };

new RunnerJob(ci, 'checks', {
  steps: [{ name: 'Static checks', run: 'make check' }],
});

new RunnerJob(ci, 'check-commits', {
  if: "github.event_name == 'pull_request'",
  // The commits of the pull request itself, not the merge commit the default checkout gives.
  checkout: { enabled: false },
  // The library counts only its own checkout; this one reads the repository too.
  permissions: { contents: PermissionLevel.READ },
  steps: [
    {
      name: 'Check out the pull request head',
      uses: 'actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3 # v6.0.0',
      with: { 'ref': '${{ github.event.pull_request.head.sha }}', 'fetch-depth': '0', 'persist-credentials': 'false' },
    },
    { name: 'Lint the commit messages', run: 'make check-gitlint' },
  ],
});

const server = new RunnerJob(ci, 'build-server', {
  strategy: { ...serverMatrix, include: [{ package_source: 'devbuilds', os: 'centos', arch: 'amd64' }] },
  env: sourceEnv,
  steps: [{ name: 'Build the server image', run: './ci/build-image.sh server' }, ...uploadImage('samba-server')],
});

const adServer = new RunnerJob(ci, 'build-ad-server', {
  // The CentOS distribution packages have no AD DC.
  strategy: { ...serverMatrix, exclude: [...serverMatrix.exclude, { package_source: 'default', os: 'centos' }] },
  env: sourceEnv,
  steps: [{ name: 'Build the ad server image', run: './ci/build-image.sh ad-server' }, ...uploadImage('samba-ad-server')],
});

const clientMatrix = { domain: { os: ['centos', 'fedora', 'opensuse'], arch: ['amd64'] } };
const client = new RunnerJob(ci, 'build-client', {
  strategy: clientMatrix,
  env: buildEnv(defaultTag),
  steps: [{ name: 'Build the client image', run: './ci/build-image.sh client' }, ...uploadImage('samba-client')],
});

const toolbox = new RunnerJob(ci, 'build-toolbox', {
  needs: [client],
  strategy: clientMatrix,
  env: buildEnv(defaultTag),
  steps: [
    // The toolbox is built FROM the client image of this run.
    ...downloadImage('samba-client', '${{ env.IMG_TAG }}'),
    { name: 'Tag the client image as the toolbox Containerfiles name it', run: './ci/tag-client-base.sh "samba-client:$IMG_TAG"' },
    { name: 'Build the toolbox image', run: './ci/build-image.sh toolbox' },
    ...uploadImage('samba-toolbox'),
  ],
});

const testServer = new RunnerJob(ci, 'test-server', {
  needs: [server],
  strategy: { ...serverMatrix, include: [{ package_source: 'devbuilds', os: 'centos', arch: 'amd64' }] },
  env: sourceEnv,
  steps: [
    ...downloadImage('samba-server', '${{ env.IMG_TAG }}'),
    { name: 'Test the server image', run: 'LOCAL_TAG="samba-server:$IMG_TAG" tests/test-samba-container.sh' },
  ],
});

const testAd = new RunnerJob(ci, 'test-ad-server-kubernetes', {
  needs: [adServer, server],
  runsOn: ['ubuntu-22.04'],
  strategy: { ...serverMatrix, exclude: [...serverMatrix.exclude, { package_source: 'default', os: 'centos' }] },
  env: sourceEnv,
  steps: [
    { uses: 'nolar/setup-k3d-k3s@293b8e5822a20bc0d5bcdd4826f1a665e72aba96 # v1.0.9' },
    { name: 'Nodes', run: 'kubectl get nodes' },
    ...downloadImage('samba-ad-server', '${{ env.IMG_TAG }}'),
    ...downloadImage('samba-server', '${{ env.IMG_TAG }}'),
    { name: 'Import the images into k3d', run: 'k3d image import "samba-server:$IMG_TAG" "samba-ad-server:$IMG_TAG"' },
    { name: 'AD DC deployment test', run: './tests/test-samba-ad-server-kubernetes.sh' },
  ],
});

// What goes to quay.io: these kinds at these tags, all built and tested in this run.
const PUBLISHED: [string, string][] = [
  ['samba-server', 'default-fedora-amd64'],
  ['samba-server', 'nightly-fedora-amd64'],
  ['samba-server', 'nightly-centos-amd64'],
  ['samba-server', 'devbuilds-centos-amd64'],
  ['samba-ad-server', 'default-fedora-amd64'],
  ['samba-ad-server', 'nightly-fedora-amd64'],
  ['samba-client', 'default-fedora-amd64'],
  ['samba-toolbox', 'default-fedora-amd64'],
];
new RunnerJob(ci, 'push', {
  needs: [client, toolbox, testServer, testAd],
  if: "(github.event_name == 'push' || github.event_name == 'schedule') && github.repository == 'samba-in-kubernetes/samba-container'",
  env: { REPO_BASE: 'quay.io/samba.org', PUBLISHED: PUBLISHED.map(([kind, tag]) => `${kind}:${tag}`).join(' ') },
  steps: [
    {
      name: 'Log in to quay.io',
      run: 'echo "$QUAY_PASS" | "$CONTAINER_CMD" login -u "$QUAY_USER" --password-stdin quay.io',
      env: { QUAY_USER: '${{ secrets.QUAY_USER }}', QUAY_PASS: '${{ secrets.QUAY_PASS }}' },
    },
    ...PUBLISHED.flatMap(([kind, tag]) => downloadImage(kind, tag)),
    { name: 'Tag the images for quay.io', run: './ci/publish.sh retag "$REPO_BASE" $PUBLISHED' },
    { name: 'Push the images', run: './ci/publish.sh push "$REPO_BASE" $PUBLISHED' },
  ],
});

project.synth();
