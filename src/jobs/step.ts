/**
 * One step of a job: either a shell script (`run`) or an action (`uses`).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idsteps
 */
export interface Step {
  /**
   * The name shown in the GitHub UI.
   * @default - GitHub shows the script or the action reference
   */
  readonly name?: string;
  /**
   * An id, so that later steps can read this step's outputs (`steps.<id>.outputs.<name>`).
   * Starts with a letter or `_`; letters, digits, `-` and `_` only.
   * @default - no id
   */
  readonly id?: string;
  /**
   * A condition; the step runs only when it is true.
   * @default - the step runs when all previous steps succeeded
   */
  readonly if?: string;
  /**
   * A shell script. Multi-line scripts are kept line for line.
   * Exactly one of `run` and `uses` must be set.
   * @default - no script (set `uses`)
   */
  readonly run?: string;
  /**
   * An action reference, `owner/repo@ref`, `./path` or `docker://image`.
   * Exactly one of `run` and `uses` must be set.
   * @default - no action (set `run`)
   */
  readonly uses?: string;
  /**
   * Inputs of the action given in `uses`.
   * @default - no inputs
   */
  readonly with?: { [name: string]: string };
  /**
   * Environment variables of this step.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * The shell for `run` (`bash`, `sh`, `pwsh`, `python`, or a command with `{0}`).
   * Inside a container job GitHub's default is `sh`.
   * @default - GitHub's default shell
   */
  readonly shell?: string;
  /**
   * The directory `run` starts in.
   * @default - the workspace
   */
  readonly workingDirectory?: string;
  /**
   * Let the job go on when this step fails.
   * @default false
   */
  readonly continueOnError?: boolean;
  /**
   * Allow `run` to interpolate contexts an outsider controls (a pull request
   * title or body, a branch name, a commit message...) inside `${{ }}`.
   * Without it such a step is refused, because the text is substituted into
   * the script before the shell reads it and can inject commands; the error
   * shows the safe rewrite through `env:`. Secrets in `run` are refused
   * either way.
   * @default false
   */
  readonly allowUntrustedInterpolation?: boolean;
  /**
   * Cancel the step after this many minutes.
   * @default - the job's timeout
   */
  readonly timeoutMinutes?: number;
}
