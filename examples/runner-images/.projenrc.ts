// Images on the runner (docs/runner-images.md): the app and its worker are built and pushed once;
// an end-to-end job starts them with docker compose (compose.ci.yml reads $APP_IMAGE and
// $WORKER_IMAGE), and a kind job loads the app under a local tag. Both pull the exact digests this
// run pushed and are skipped on pull requests from forks, where nothing is pushed.
// Run it from the repository root with `npm run example -- examples/runner-images`.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'runner-images' });
const ci = new Workflow(project, 'ci', {
  name: 'CI',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
});
const app = new DockerBuildJob(ci, 'build_app', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
const worker = new DockerBuildJob(ci, 'build_worker', {
  image: 'ghcr.io/acme/shop/worker',
  file: 'worker/Dockerfile',
  cache: GhaCache.max({ scope: 'worker' }),
});
new RunnerJob(ci, 'e2e', {
  images: [app.onRunner({ env: 'APP_IMAGE' }), worker.onRunner({ env: 'WORKER_IMAGE' })],
  steps: [
    { name: 'Start the stack', run: 'docker compose -f compose.ci.yml up -d --wait' },
    { name: 'End-to-end tests', run: 'curl --fail --retry 5 --retry-all-errors http://localhost:8080/health' },
    { name: 'Logs on failure', if: 'failure()', run: 'docker compose -f compose.ci.yml logs' },
  ],
});
new RunnerJob(ci, 'kind', {
  images: [app.onRunner({ localTag: 'shop:ci' })],
  timeoutMinutes: 20,
  steps: [
    { name: 'Create the cluster', run: 'kind create cluster --wait 120s' },
    // One platform into an archive: kind cannot load an image by digest, nor always an image index.
    { name: 'Load the image', run: 'docker image save --platform linux/amd64 shop:ci -o shop.tar && kind load image-archive shop.tar' },
    { name: 'Deploy', run: 'kubectl apply -k deploy/ci && kubectl rollout status deployment/shop --timeout=120s' },
  ],
});
project.synth();
