// The pipeline of the blog post "Export to Github Cache with Docker Buildx", as typed constructs.
// Run it from the repository root with `npm run example` (or `npm run example -- examples/seed`).
import { Project } from 'projen';
import { Workflow, DockerBuildJob, ContainerTestJob, GhaCache } from 'projen-docker-ci';

const project = new Project({ name: 'cache-docker' });
const ci = new Workflow(project, 'ci', {
  name: 'Continuous Integration new cache',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
});
const image = new DockerBuildJob(ci, 'build_docker', {
  image: 'ghcr.io/mmeendez8/cache_docker/ci_dlc',
  context: '.',
  file: 'Dockerfile',
  cache: GhaCache.max(),
});
new ContainerTestJob(ci, 'lint_and_test', {
  image,
  steps: [
    { name: 'Lint code', run: 'pre-commit install\npre-commit run' },
    { name: 'Run tests', run: 'pytest tests' },
  ],
});
project.synth();
