// Housekeeping (docs/housekeeping.md): every push and pull request of the CI workflow pushes one
// image version to GHCR, tagged with its commit SHA. A scheduled workflow deletes the per-commit
// versions past the newest 20 that are older than 30 days, with the untagged platform manifests
// and attestations only they listed. A version with any other tag (a release, latest, main) stays.
// Run it from the repository root with `npm run example -- examples/housekeeping`.
import { Project } from 'projen';
import { CleanupImagesJob, ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'housekeeping' });
const ci = new Workflow(project, 'ci', {
  name: 'CI',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
});
const image = new DockerBuildJob(ci, 'build', {
  image: 'ghcr.io/acme/api',
  cache: GhaCache.max(),
  metadataTags: true,
  platforms: ['linux/amd64', 'linux/arm64'],
});
new ContainerTestJob(ci, 'test', { image, steps: [{ name: 'Unit tests', run: 'pytest -q' }] });

const housekeeping = new Workflow(project, 'housekeeping', {
  name: 'Housekeeping',
  // Mondays at 04:17 UTC, and by hand (a dry run first is a good idea: dryRun: true).
  triggers: { schedule: [{ cron: '17 4 * * 1' }], workflowDispatch: {} },
});
new CleanupImagesJob(housekeeping, 'cleanup', { builds: [image], keepLatest: 20, olderThanDays: 30 });
project.synth();
