/**
 * Links to the documentation that explains a refusal, appended to the
 * messages where reading more helps (" See <url>"). One table, so a moved
 * page is fixed in one place; each address was checked against the current
 * docs.github.com / docs.docker.com layout (2026: GitHub's Actions reference
 * lives under /en/actions/reference/workflows-and-actions/).
 */

const SYNTAX = 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax';

/** Documentation pages the error messages link to. */
export const DOCS = {
  /** Job ids: a letter or `_`, then letters, digits, `-`, `_`; unique in the workflow. */
  jobId: `${SYNTAX}#jobsjob_id`,
  /** The workflow's `name`. */
  workflowName: `${SYNTAX}#name`,
  /** `permissions` scopes and levels of the GITHUB_TOKEN. */
  permissions: `${SYNTAX}#permissions`,
  /** Job outputs (and why a secret in one is dropped). */
  jobOutputs: `${SYNTAX}#jobsjob_idoutputs`,
  /** Branch, tag and path filter patterns. */
  filterPatterns: `${SYNTAX}#filter-pattern-cheat-sheet`,
  /** `concurrency` groups and the contexts they may read. */
  concurrency: `${SYNTAX}#concurrency`,
  /** `strategy.matrix`. */
  matrix: `${SYNTAX}#jobsjob_idstrategymatrix`,
  /** `services` containers. */
  services: `${SYNTAX}#jobsjob_idservices`,
  /** `container.options` (docker create flags). */
  containerOptions: `${SYNTAX}#jobsjob_idcontaineroptions`,
  /** `workflow_dispatch` inputs. */
  dispatchInputs: `${SYNTAX}#onworkflow_dispatchinputs`,
  /** The `schedule` event and its cron syntax (UTC). */
  schedule: 'https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule',
  /** Which contexts each workflow key may read. */
  contexts: 'https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability',
  /** Reusable workflows: `workflow_call` and the jobs that call one. */
  reusableWorkflows: `${SYNTAX}#onworkflow_call`,
  /** `${{ }}` expressions, operators and functions. */
  expressions: 'https://docs.github.com/en/actions/reference/workflows-and-actions/expressions',
  /** Script injection through untrusted contexts, and the env: rewrite. */
  scriptInjection: 'https://docs.github.com/en/actions/concepts/security/script-injections',
  /** Secure use of secrets in workflows. */
  secureUse: 'https://docs.github.com/en/actions/reference/security/secure-use',
  /** BuildKit's GitHub Actions cache backend and its `scope`. */
  ghaCacheScope: 'https://docs.docker.com/build/cache/backends/gha/#scope',
} as const;

/** The sentence a message ends with to point at `url`. */
export function seeDocs(url: string): string {
  return ` See ${url}`;
}
