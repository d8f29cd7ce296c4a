// Promotion (docs/promotion.md): the build pushes the image by digest, unit tests run in it and the
// end-to-end tests call it as a service; only when both passed, on a push, the release job gives that
// exact digest its release tags (the version of a v1.2.3 git tag, 1.2, latest on the default branch),
// without a rebuild. Pull requests test the image and promote nothing.
// Run it from the repository root with `npm run example -- examples/promotion`.
import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, GhaCache, PromoteImageJob, ReleaseTag, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'promotion' });
const ci = new Workflow(project, 'ci', {
  name: 'CI',
  triggers: { push: { branches: ['main'], tags: ['v*'] }, pullRequest: { branches: ['main'] } },
});
const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/api', cache: GhaCache.max() });
const unit = new ContainerTestJob(ci, 'unit', { image, steps: [{ name: 'Unit tests', run: 'pytest -q tests/unit' }] });
const e2e = new RunnerJob(ci, 'e2e', {
  services: [image.asService('api', { ports: ['8080:8080'] })],
  steps: [{ name: 'End-to-end tests', run: './scripts/e2e.sh http://localhost:8080' }],
});
new PromoteImageJob(ci, 'release', {
  image,
  testedBy: [unit, e2e],
  tags: [ReleaseTag.semver(), ReleaseTag.semver('{{major}}.{{minor}}'), ReleaseTag.latestOnDefaultBranch()],
});
project.synth();
