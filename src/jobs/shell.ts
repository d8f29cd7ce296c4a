/**
 * The shell of `run:` steps (`defaults.run.shell` of a job or workflow, or a
 * step's own `shell`).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaultsrunshell
 */

/** The shells GitHub knows by name; anything else must be a command with `{0}`. */
export const KNOWN_SHELLS = ['bash', 'sh', 'pwsh', 'python', 'cmd', 'powershell'];

/** Problems with a shell value; `label` names it in messages. */
export function shellProblems(shell: unknown, label: string): string[] {
  if (shell === undefined) {
    return [];
  }
  if (typeof shell !== 'string' || (!KNOWN_SHELLS.includes(shell) && !shell.includes('{0}'))) {
    return [`${label} is ${JSON.stringify(shell) ?? String(shell)}; use one of ${KNOWN_SHELLS.join(', ')}, or a command with {0} for the script file (e.g. "bash -eo pipefail {0}").`];
  }
  return [];
}
