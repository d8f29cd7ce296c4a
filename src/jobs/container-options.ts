/**
 * Docker `create` options for a job's `container:` or a service: GitHub's
 * single `options` string, checked for the flags GitHub does not allow.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions
 */
import { DOCS, seeDocs } from '../validation/docs-links';

/** `--user root`: see `ContainerTestJobProps.runAsRoot` for why it exists. */
export const RUN_AS_ROOT = '--user root';

/**
 * Flags GitHub refuses in `options`: the runner puts every container of a
 * job on its own network and starts the job container with its own
 * entrypoint (`tail -f /dev/null`).
 */
const CONTAINER_FORBIDDEN = ['--network', '--net', '--entrypoint'];
/** Services keep their entrypoint; only the network is the runner's. */
const SERVICE_FORBIDDEN = ['--network', '--net'];

/** `-u`/`--user` anywhere in the string. */
const USER_FLAG = /(?:^|\s)(?:--user|-u)(?:[=\s]|$)/;

/**
 * The options string written to `container.options`: the user's options,
 * then `--user root` when asked. `undefined` when there is nothing to write.
 */
export function containerOptionsString(options: string | undefined, runAsRoot: boolean | undefined): string | undefined {
  const parts = [typeof options === 'string' ? options.trim() : '', runAsRoot === true ? RUN_AS_ROOT : ''].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Problems with an `options` string; `label` names it in messages
 * (`options`, `services[0].options`). `forService` allows `--entrypoint`.
 */
export function optionsProblems(options: unknown, label: string, forService = false): string[] {
  if (options === undefined) {
    return [];
  }
  if (typeof options !== 'string' || options.trim() === '') {
    return [`${label} is ${JSON.stringify(options) ?? String(options)}; give Docker options as one string, for example "--cpus 2 --memory 4g", or leave it out.`];
  }
  if (/[\r\n]/.test(options)) {
    return [`${label} spans several lines; GitHub passes it to \`docker create\` as one line, so separate options with spaces.`];
  }
  const problems: string[] = [];
  const forbidden = forService ? SERVICE_FORBIDDEN : CONTAINER_FORBIDDEN;
  for (const flag of forbidden) {
    if (new RegExp(`(?:^|\\s)${flag}(?:[=\\s]|$)`).test(options)) {
      problems.push(flag === '--entrypoint'
        ? `${label} sets --entrypoint, which GitHub does not allow: the runner starts the job container with its own entrypoint (tail -f /dev/null) and runs each step with docker exec. Put the command in a step instead.${seeDocs(DOCS.containerOptions)}`
        : `${label} sets ${flag}, which GitHub does not allow: the runner puts the job container and its services on a network of its own, where each service is reachable by its name. Remove ${flag}.${seeDocs(DOCS.containerOptions)}`);
    }
  }
  return problems;
}

/** Problems when `runAsRoot` is combined with a `--user` of the user's own. */
export function runAsRootProblems(options: unknown, runAsRoot: unknown): string[] {
  if (runAsRoot !== undefined && typeof runAsRoot !== 'boolean') {
    return [`runAsRoot is ${JSON.stringify(runAsRoot) ?? String(runAsRoot)}; use true to run the container as root, or leave it out.`];
  }
  if (runAsRoot === true && typeof options === 'string' && USER_FLAG.test(options)) {
    return ['runAsRoot is true and options sets --user too; keep one of them (runAsRoot: true adds --user root).'];
  }
  return [];
}
