// Hand-off by artifact (docs/runner-images.md): the image is pushed to GHCR from the default branch
// only, and every run (pull requests from forks included) also hands it over as a `docker load`-able
// archive. The unit and end-to-end jobs load that archive, checked against the id the build
// reported, so they run the same image on every event without a registry or a token.
// Run it from the repository root with `npm run example -- examples/artifact-handoff`.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, ImageArtifact, PushPolicy, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'artifact-handoff' });
const ci = new Workflow(project, 'ci', {
  name: 'CI',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
});
const app = new DockerBuildJob(ci, 'build', {
  image: 'ghcr.io/acme/shop',
  cache: GhaCache.max(),
  push: PushPolicy.defaultBranch(),
  artifact: ImageArtifact.dockerArchive({ retentionDays: 1 }),
});
new RunnerJob(ci, 'unit', {
  images: [app.onRunner()],
  steps: [{ name: 'Unit tests', run: 'docker run --rm "$IMAGE" pytest -q' }],
});
new RunnerJob(ci, 'e2e', {
  images: [app.onRunner({ env: 'APP_IMAGE', localTag: 'shop:ci' })],
  steps: [
    { name: 'Start the stack', run: 'docker compose -f compose.ci.yml up -d --wait' },
    { name: 'End-to-end tests', run: 'curl --fail --retry 5 --retry-all-errors http://localhost:8080/health' },
    { name: 'Logs on failure', if: 'failure()', run: 'docker compose -f compose.ci.yml logs' },
  ],
});
project.synth();
