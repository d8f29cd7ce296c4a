// The seed pipeline for an organisation that only allows actions pinned to a full commit SHA.
// Run it from the repository root with `npm run example -- examples/pinned`.
import { Project } from 'projen';
import { ActionPinning, ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'pinned' });
const ci = new Workflow(project, 'ci', {
  name: 'CI (pinned actions)',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
  // Every action as its commit SHA with the release as a comment: actions/checkout@3d3c42e5... # v7.0.1
  pinning: ActionPinning.SHA,
});
const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/pinned', cache: GhaCache.max() });
new ContainerTestJob(ci, 'test', {
  image,
  steps: [
    // Untrusted text (the pull request title) reaches the script through env:, never through ${{ }} in run:.
    {
      name: 'Show the pull request title',
      if: "github.event_name == 'pull_request'",
      env: { PR_TITLE: '${{ github.event.pull_request.title }}' },
      run: 'echo "$PR_TITLE"',
    },
    { name: 'Run tests', run: 'make test' },
  ],
});
project.synth();
