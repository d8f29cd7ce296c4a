/**
 * Replacements for the actions the library emits, each a complete `uses:`
 * reference (`owner/repo@ref`, e.g. `actions/checkout@v6` or a commit SHA).
 * A reference may be followed by ` # <comment>`, which is written as a YAML
 * comment after the value: `'actions/checkout@<40-hex sha> # v7.0.1'`.
 *
 * Use it to stay on an older major, to follow a fork, or to pin a commit
 * your organisation has approved. An override always wins, whatever the
 * workflow's `pinning`, and over projen's own overrides
 * (`project.github.actions`), which the library honours otherwise.
 */
export interface ActionVersions {
  /**
   * The checkout action.
   * @default 'actions/checkout@v7'
   */
  readonly checkout?: string;
  /**
   * The Buildx setup action (the default `docker` driver cannot export caches).
   * @default 'docker/setup-buildx-action@v4'
   */
  readonly setupBuildx?: string;
  /**
   * The registry login action.
   * @default 'docker/login-action@v4'
   */
  readonly login?: string;
  /**
   * The build and push action.
   * @default 'docker/build-push-action@v7'
   */
  readonly buildPush?: string;
  /**
   * The metadata (tags and labels) action.
   * @default 'docker/metadata-action@v6'
   */
  readonly metadata?: string;
  /**
   * The QEMU setup action, used for emulated multi-platform builds.
   * @default 'docker/setup-qemu-action@v4'
   */
  readonly setupQemu?: string;
  /**
   * The artifact upload action (test reports).
   * @default 'actions/upload-artifact@v7'
   */
  readonly uploadArtifact?: string;
  /**
   * The artifact download action (the merge job of native multi-platform builds).
   * @default 'actions/download-artifact@v8'
   */
  readonly downloadArtifact?: string;
  /**
   * The build provenance attestation action (`attestProvenance`).
   * @default 'actions/attest-build-provenance@v4'
   */
  readonly attestBuildProvenance?: string;
  /**
   * The cache action, used as `actions/cache/restore` and `actions/cache/save`
   * around a build with a `LocalCache` (give the repository's reference,
   * e.g. `actions/cache@v5`; the sub-action path is added).
   * @default 'actions/cache@v5'
   */
  readonly cache?: string;
  /**
   * The AWS credentials action, which assumes an IAM role with OIDC before
   * the login to an ECR mirror (`Registry.ecr()`).
   * @default 'aws-actions/configure-aws-credentials@v6'
   */
  readonly configureAwsCredentials?: string;
  /**
   * The Google Cloud authentication action, which gets a service account's
   * access token with OIDC before the login to an Artifact Registry mirror
   * (`Registry.googleArtifactRegistry()`).
   * @default 'google-github-actions/auth@v3'
   */
  readonly googleAuth?: string;
}
