/**
 * Service containers for the fork fallback job: what GitHub does for a
 * container job's `services:`, done by hand with `docker network` and
 * `docker run -d`, so the replayed scripts reach each service by its name.
 */
import type { ServiceContainer } from '../jobs/services';
import type { StepModel } from '../workflow/workflow-model';

/** Why these services cannot be started in the fallback, if they cannot. */
export function forkServicesProblem(services: readonly ServiceContainer[]): string | undefined {
  if (services.some((s) => typeof s.image === 'string' && /\$\{\{[^}]*\bneeds\./.test(s.image))) {
    return 'a service runs an image another job hands over (a build job\'s image is not pushed on forks)';
  }
  if (services.some((s) => s.credentials !== undefined)) {
    return 'a service needs registry credentials, which fork pull requests do not get';
  }
  return undefined;
}

/** The network the consumer `jobId`'s containers share. */
export function forkNetwork(jobId: string): string {
  return `fork-ci-${jobId.toLowerCase()}`;
}

function containerName(jobId: string, service: ServiceContainer): string {
  return `${forkNetwork(jobId)}-${service.name.toLowerCase()}`;
}

/**
 * A step that creates the network, starts every service with its name as
 * network alias and waits until each is healthy (or has no health check),
 * at most 2 minutes. Service environment values travel as step env
 * (`FORK_CI_S<i>_<NAME>`), never inside the script.
 */
export function startServicesStep(jobId: string, services: readonly ServiceContainer[]): StepModel {
  const env: { [name: string]: string } = {};
  const lines = [`docker network create ${forkNetwork(jobId)}`];
  services.forEach((service, index) => {
    const flags = Object.entries(service.env ?? {}).map(([name, value]) => {
      const carrier = `FORK_CI_S${index}_${name}`;
      env[carrier] = value;
      return `-e ${name}="$${carrier}"`;
    });
    lines.push(['docker run -d', `--name ${containerName(jobId, service)}`, `--network ${forkNetwork(jobId)}`, `--network-alias ${service.name}`,
      ...flags, ...(service.options !== undefined ? [service.options] : []), service.image!].join(' '));
  });
  const names = services.map((service) => containerName(jobId, service)).join(' ');
  lines.push(
    `for c in ${names}; do`,
    '  for i in $(seq 1 60); do',
    '    s=$(docker inspect --format \'{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}\' "$c")',
    '    if [ "$s" = healthy ] || [ "$s" = none ]; then break; fi',
    '    if [ "$i" = 60 ]; then echo "::error::service container $c is $s"; docker logs "$c"; exit 1; fi',
    '    sleep 2',
    '  done',
    'done',
  );
  return { name: `${jobId}: start services`, env: Object.keys(env).length > 0 ? env : undefined, run: lines.join('\n') };
}

/** A step that removes the services and their network, whatever happened. */
export function stopServicesStep(jobId: string, services: readonly ServiceContainer[]): StepModel {
  const names = services.map((service) => containerName(jobId, service)).join(' ');
  return { name: `${jobId}: stop services`, if: 'always()', run: `docker rm -f ${names} || true\ndocker network rm ${forkNetwork(jobId)} || true` };
}
