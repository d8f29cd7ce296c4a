/**
 * The container a job's steps run in (`jobs.<id>.container`) and the parts it
 * shares with service containers: registry credentials, env, ports, volumes.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontainer
 */
import { optionsProblems } from './container-options';
import type { ContainerModel, CredentialsModel } from '../workflow/workflow-model';

/** A user name and password for a private registry. */
export interface RegistryCredentials {
  /** The user name (may be an expression, e.g. `${{ github.actor }}`). */
  readonly username: string;
  /**
   * The password or token, as an expression (`${{ secrets.REGISTRY_TOKEN }}`,
   * `${{ secrets.GITHUB_TOKEN }}` for GHCR); a literal is refused so that no
   * password is ever committed.
   */
  readonly password: string;
}

/**
 * The image a job's steps run in. GitHub starts it with its entrypoint
 * replaced by `tail -f /dev/null`, so it needs a shell and `tail`; `run:`
 * steps use `sh` unless a shell is set.
 */
export interface JobContainer {
  /**
   * The image, e.g. `python:3.12` or `ghcr.io/acme/tools@sha256:...`; may
   * read `matrix` and `needs`. A job whose image is exactly one job output
   * (`${{ needs.build.outputs.image }}`) is skipped when that output is
   * empty, because GitHub would otherwise run its steps on the bare runner.
   */
  readonly image: string;
  /**
   * Credentials to pull the image from a private registry. With
   * `${{ secrets.GITHUB_TOKEN }}` as the password (GHCR), the job gets
   * `packages: read` by itself.
   * @default - anonymous pull
   */
  readonly credentials?: RegistryCredentials;
  /**
   * Environment variables of the container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Ports to publish on the runner host, e.g. `['8080:80']`.
   * @default - none published
   */
  readonly ports?: string[];
  /**
   * Volumes to mount, `<source>:<destination>` (a named volume or a path on the runner).
   * @default - none besides the workspace GitHub mounts
   */
  readonly volumes?: string[];
  /**
   * Docker `create` options as one string, e.g. `--cpus 2 --shm-size 1g`.
   * `--network` and `--entrypoint` are refused: GitHub does not allow them.
   * @default - none
   */
  readonly options?: string;
}

/** `host:container` ports, optionally with an address and a protocol. */
const PORT = /^(?:\d{1,3}(?:\.\d{1,3}){3}:)?\d{1,5}(?::\d{1,5})?(?:\/(?:tcp|udp))?$/;

/** The credentials as plain data, or undefined. */
export function credentialsToModel(credentials: RegistryCredentials | undefined): CredentialsModel | undefined {
  return credentials && { username: credentials.username, password: credentials.password };
}

/** The `container:` of a job. */
export function containerToModel(container: JobContainer, options?: string): ContainerModel {
  return {
    image: container.image,
    credentials: credentialsToModel(container.credentials),
    env: container.env && { ...container.env },
    ports: container.ports && [...container.ports],
    volumes: container.volumes && [...container.volumes],
    options: options ?? container.options,
  };
}

/** Problems with credentials at `at` (e.g. `container.credentials`). */
export function credentialsProblems(credentials: unknown, at: string): string[] {
  if (credentials === undefined) {
    return [];
  }
  const c = credentials as RegistryCredentials | null;
  if (c === null || typeof c !== 'object' || typeof c.username !== 'string' || c.username.trim() === '' || typeof c.password !== 'string') {
    return [`${at} needs a username and a password, for example { username: 'me', password: '\${{ secrets.REGISTRY_TOKEN }}' }.`];
  }
  if (!/^\$\{\{[^}]+\}\}$/.test(c.password.trim())) {
    return [`${at}.password is not an expression; store the password as a repository secret and pass it as '\${{ secrets.NAME }}', so it is never committed.`];
  }
  return [];
}

/** Problems with the parts a container and a service share (env, ports, volumes, options), at `at`. */
export function containerPartsProblems(parts: Partial<JobContainer>, at: string, forService: boolean): string[] {
  const problems = [
    ...stringMapProblems(parts.env, `${at}.env`),
    ...stringListProblems(parts.volumes, `${at}.volumes`, 'volumes such as "cache:/root/.cache" or "/dev/shm:/dev/shm"'),
    ...optionsProblems(parts.options, `${at}.options`, forService),
    ...credentialsProblems(parts.credentials, `${at}.credentials`),
  ];
  if (parts.ports !== undefined && (!Array.isArray(parts.ports) || parts.ports.some((p) => typeof p !== 'string' || !PORT.test(p.replace(/\$\{\{[^}]*\}\}/g, '1'))))) {
    problems.push(`${at}.ports is ${JSON.stringify(parts.ports) ?? String(parts.ports)}; list ports as strings like "5432" or "8080:80" (host:container, optionally /tcp or /udp).`);
  }
  return problems;
}

/** Problems with a job's `container`. */
export function containerProblems(container: unknown): string[] {
  if (container === undefined) {
    return [];
  }
  if (container === null || typeof container !== 'object' || Array.isArray(container)) {
    return [`container is ${JSON.stringify(container) ?? String(container)}; give { image: 'python:3.12' } or leave it out to run on the runner.`];
  }
  const c = container as JobContainer;
  const problems: string[] = [];
  if (typeof c.image !== 'string' || c.image.trim() === '' || /\s/.test(c.image.replace(/\$\{\{[^}]*\}\}/g, ''))) {
    problems.push(`container.image is ${JSON.stringify(c.image) ?? String(c.image)}; give an image reference such as "python:3.12".`);
  }
  problems.push(...containerPartsProblems(c, 'container', false));
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

/** Problems when `list` is not a list of non-empty strings; `example` completes "give ...". */
export function stringListProblems(list: unknown, label: string, example: string): string[] {
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string' || v.trim() === '')) {
    return [`${label} is ${JSON.stringify(list) ?? String(list)}; give a list of ${example}.`];
  }
  return [];
}
