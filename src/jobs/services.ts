/**
 * Service containers beside a container job: a database, a cache, or the
 * image another build job of the same run pushed.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idservices
 */
import { optionsProblems } from './container-options';
import { DockerBuildJob } from './docker-build-job';
import { DOCS, seeDocs } from '../validation/docs-links';
import { expr } from '../workflow/expressions';
import type { ServiceModel } from '../workflow/workflow-model';

/** A user name and password for a private registry. */
export interface RegistryCredentials {
  /** The user name (may be an expression, e.g. `${{ github.actor }}`). */
  readonly username: string;
  /**
   * The password or token, as a secret expression
   * (e.g. `${{ secrets.DOCKERHUB_TOKEN }}`); a literal is refused so that no
   * password is ever committed.
   */
  readonly password: string;
}

/**
 * A service container that runs beside a job, reachable from the job
 * container by its `name` as host name (e.g. `postgres:5432`).
 *
 * Give exactly one of `image` (any image, e.g. `postgres:17`) and `buildJob`
 * (the image a {@link DockerBuildJob} of the same workflow pushes in this
 * run: the job then `needs` that build and is skipped when it pushed nothing).
 */
export interface ServiceContainer {
  /**
   * The service id and host name: starts with a letter or `_`; letters,
   * digits, `-` and `_` only.
   */
  readonly name: string;
  /**
   * The image to run, e.g. `postgres:17` or `redis:7-alpine`.
   * @default - none: set `buildJob` instead
   */
  readonly image?: string;
  /**
   * Run the image this build job pushes in the same run (`name@sha256:...`),
   * pulled with that job's registry credentials.
   * @default - none: set `image` instead
   */
  readonly buildJob?: DockerBuildJob;
  /**
   * Environment variables of the service container (e.g. `POSTGRES_PASSWORD`).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Ports to publish on the runner host, e.g. `['5432:5432']`. A container
   * job reaches its services by name on their own ports without this; publish
   * only when a step on the host needs them.
   * @default - none published
   */
  readonly ports?: string[];
  /**
   * Docker `create` options as one string, e.g. a health check so the job
   * waits until the service is ready:
   * `--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5`.
   * `--network` is refused: the runner owns the network.
   * @default - none
   */
  readonly options?: string;
  /**
   * Credentials for a private registry (not with `buildJob`, which pulls
   * with the build job's registry credentials).
   * @default - anonymous pull
   */
  readonly credentials?: RegistryCredentials;
}

const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PORT = /^(?:\d{1,3}(?:\.\d{1,3}){3}:)?\d{1,5}(?::\d{1,5})?(?:\/(?:tcp|udp))?$/;

/** The build jobs whose images `services` run, each once, in order. */
export function serviceBuilds(services: readonly ServiceContainer[] | undefined): DockerBuildJob[] {
  const builds: DockerBuildJob[] = [];
  for (const service of Array.isArray(services) ? services : []) {
    const build = service?.buildJob;
    if (build instanceof DockerBuildJob && !builds.includes(build)) {
      builds.push(build);
    }
  }
  return builds;
}

/** The `services:` map, in the order given. */
export function servicesToModel(services: readonly ServiceContainer[] | undefined): { [name: string]: ServiceModel } | undefined {
  if (services === undefined || services.length === 0) {
    return undefined;
  }
  const result: { [name: string]: ServiceModel } = {};
  for (const service of services) {
    const credentials = service.buildJob !== undefined
      ? service.buildJob._pullCredentials()
      : service.credentials && { username: service.credentials.username, password: service.credentials.password };
    result[service.name] = {
      image: service.buildJob !== undefined ? expr(service.buildJob.imageExpression) : service.image!,
      credentials,
      env: service.env && { ...service.env },
      ports: service.ports && [...service.ports],
      options: service.options,
    };
  }
  return result;
}

/** Problems with `services`; `workflowId` is the consuming job's workflow. */
export function servicesProblems(services: unknown, workflowId: string): string[] {
  if (services === undefined) {
    return [];
  }
  if (!Array.isArray(services)) {
    return [`services is ${JSON.stringify(services) ?? String(services)}; give a list, for example [{ name: 'postgres', image: 'postgres:17' }].`];
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  services.forEach((service: ServiceContainer | null, index: number) => {
    const at = `services[${index}]`;
    if (service === null || typeof service !== 'object') {
      problems.push(`${at} is ${JSON.stringify(service) ?? String(service)}; each service is an object such as { name: 'postgres', image: 'postgres:17' }.`);
      return;
    }
    if (typeof service.name !== 'string' || !SERVICE_NAME.test(service.name)) {
      problems.push(`${at}.name is ${JSON.stringify(service.name) ?? String(service.name)}; a service name is its host name: start with a letter or _, then letters, digits, - and _ (for example "postgres").${seeDocs(DOCS.services)}`);
    } else {
      const first = seen.get(service.name.toLowerCase());
      if (first !== undefined) {
        problems.push(`${at} repeats the name "${service.name}" of services[${first}] (names are case-insensitive); give each service its own name.`);
      }
      seen.set(service.name.toLowerCase(), index);
    }
    problems.push(...sourceProblems(service, at, workflowId));
    problems.push(...stringMapProblems(service.env, `${at}.env`));
    if (service.ports !== undefined && (!Array.isArray(service.ports) || service.ports.some((p) => typeof p !== 'string' || !PORT.test(p)))) {
      problems.push(`${at}.ports is ${JSON.stringify(service.ports) ?? String(service.ports)}; list ports as strings like "5432" or "8080:80" (host:container, optionally /tcp or /udp).`);
    }
    problems.push(...optionsProblems(service.options, `${at}.options`, true));
  });
  return problems;
}

function sourceProblems(service: ServiceContainer, at: string, workflowId: string): string[] {
  const { image, buildJob: build, credentials } = service;
  if ((image === undefined) === (build === undefined)) {
    return [`${at} sets ${image === undefined ? 'neither image nor buildJob' : 'both image and buildJob'}; set exactly one: image for a ready-made image (e.g. "postgres:17"), buildJob for the image a DockerBuildJob of this workflow pushes.`];
  }
  if (build !== undefined) {
    if (!(build instanceof DockerBuildJob)) {
      return [`${at}.buildJob must be a DockerBuildJob of this workflow.`];
    }
    if (build.workflow.workflowId !== workflowId) {
      return [`${at}.buildJob is job "${build.jobId}" of workflow "${build.workflow.workflowId}"; a service can only run an image built in the same workflow run.`];
    }
    return credentials !== undefined ? [`${at} sets credentials with buildJob; the image of a build job is pulled with the credentials of that job's registry, so remove credentials.`] : [];
  }
  const problems: string[] = [];
  if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image.replace(/\$\{\{[^}]*\}\}/g, ''))) {
    problems.push(`${at}.image is ${JSON.stringify(image) ?? String(image)}; give an image reference such as "postgres:17".`);
  }
  if (credentials !== undefined) {
    if (credentials === null || typeof credentials !== 'object' || typeof credentials.username !== 'string' || credentials.username.trim() === '' || typeof credentials.password !== 'string') {
      problems.push(`${at}.credentials needs a username and a password, for example { username: 'me', password: '\${{ secrets.REGISTRY_TOKEN }}' }.`);
    } else if (!/^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(credentials.password)) {
      problems.push(`${at}.credentials.password is not a secret expression; store the password as a repository secret and pass it as '\${{ secrets.NAME }}', so it is never committed.`);
    }
  }
  return problems;
}

/** Problems when `map` is not `{ name: string }`. */
export function stringMapProblems(map: unknown, label: string): string[] {
  if (map === undefined) {
    return [];
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string')) {
    return [`${label} is ${JSON.stringify(map) ?? String(map)}; give a map of names to string values, for example { CI: 'true' }.`];
  }
  return [];
}
