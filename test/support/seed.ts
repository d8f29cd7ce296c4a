import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from '../../src';

/** The seed pipeline of the blog post, built exactly like the API contract in the README. */
export function buildSeed(project: Project): { ci: Workflow; image: DockerBuildJob; tests: ContainerTestJob } {
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
  const tests = new ContainerTestJob(ci, 'lint_and_test', {
    image,
    steps: [
      { name: 'Lint code', run: 'pre-commit install\npre-commit run' },
      { name: 'Run tests', run: 'pytest tests' },
    ],
  });
  return { ci, image, tests };
}
