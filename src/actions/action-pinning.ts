/**
 * How the workflow refers to the actions the library emits (checkout, Buildx
 * setup, login, build-push...).
 */
export enum ActionPinning {
  /**
   * The action's current major tag, e.g. `actions/checkout@v7`: the action's
   * maintainers can move it to every compatible release.
   */
  MAJOR = 'major',
  /**
   * The full 40-character commit SHA of a reviewed release, with the version
   * as a comment: `actions/checkout@3d3c42e5... # v7.0.1`. Nobody can change
   * what runs without a change to the workflow file; required by
   * organisations that enforce SHA pinning. Dependabot and Renovate update
   * both the SHA and the comment.
   */
  SHA = 'sha',
}
