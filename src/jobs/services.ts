/**
 * Service containers beside a job: a database, a cache, a mock API.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idservices
 */
import { containerPartsProblems, credentialsToModel, JobContainer } from './container';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { ServiceModel } from '../workflow/workflow-model';

/**
 * A service container that runs beside a job: reachable by its `name` as
 * host name from a job that runs in a container (`postgres:5432`), or on
 * `localhost` through its published `ports` from a job on the runner.
 */
export interface ServiceContainer extends JobContainer {
  /**
   * The service id and host name: starts with a letter or `_`; letters,
   * digits, `-` and `_` only.
   */
  readonly name: string;
}

const SERVICE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The `services:` map, in the order given. */
export function servicesToModel(services: readonly ServiceContainer[] | undefined): { [name: string]: ServiceModel } | undefined {
  if (services === undefined || services.length === 0) {
    return undefined;
  }
  const result: { [name: string]: ServiceModel } = {};
  for (const service of services) {
    result[service.name] = {
      image: service.image,
      credentials: credentialsToModel(service.credentials),
      env: service.env && { ...service.env },
      ports: service.ports && [...service.ports],
      volumes: service.volumes && [...service.volumes],
      options: service.options,
    };
  }
  return result;
}

/** Problems with `services`. */
export function servicesProblems(services: unknown): string[] {
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
    const image = service.image as unknown;
    if (typeof image !== 'string' || image.trim() === '' || /\s/.test(image.replace(/\$\{\{[^}]*\}\}/g, ''))) {
      problems.push(`${at}.image is ${JSON.stringify(image) ?? String(image)}; give an image reference such as "postgres:17" (or a build job's image: buildJob.asService('api')).`);
    }
    problems.push(...containerPartsProblems(service, at, true));
  });
  return problems;
}
