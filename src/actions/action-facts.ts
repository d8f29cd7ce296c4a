/**
 * What each action in the action table declares, as data: its inputs, the
 * inputs it requires (`required: true` and no `default`) and its outputs,
 * read from its `action.yml` at the commit the table pins (actions/cache:
 * also the `restore/` and `save/` sub-actions, which have their own).
 *
 * scripts/action-facts-check.ts checks workflows against these facts: a
 * `with:` key the action does not declare is silently ignored by the runner
 * (it only warns), so a typo or a removed input would otherwise ship. When a
 * pin moves, re-read the three lists from `action.yml` at the new commit
 * (`git show <sha>:action.yml`); test/actions/action-facts.test.ts fails
 * until `source` names the pinned commit.
 *
 * Names are kept as action.yml spells them; the runner and the check compare
 * them ignoring case.
 */
import type { ActionKey } from './action-table';

/** Where a set of facts was read: one file of the action's repository at a tagged commit. */
export interface ActionFactsSource {
  /** `owner/repo`. */
  readonly repository: string;
  /** The release tag the commit was resolved from. */
  readonly tag: string;
  /** The commit (`git rev-parse '<tag>^{commit}'`). */
  readonly sha: string;
  /** The metadata file read at that commit. */
  readonly path: string;
}

/** What one `action.yml` declares. */
export interface ActionFacts {
  /** What a step writes before `@`: `owner/repo`, or `owner/repo/<path>` for a sub-action. */
  readonly action: string;
  /** Where the lists below were read. */
  readonly source: ActionFactsSource;
  /** Every input, in action.yml's order. */
  readonly inputs: readonly string[];
  /** The inputs with `required: true` and no `default`: a step without them fails. */
  readonly required: readonly string[];
  /** Every output, in action.yml's order. */
  readonly outputs: readonly string[];
}

/** actions/checkout v7.0.1 (3d3c42e5aac5ba805825da76410c181273ba90b1), `action.yml`. */
export const CHECKOUT_FACTS: ActionFacts = {
  action: 'actions/checkout',
  source: { repository: 'actions/checkout', tag: 'v7.0.1', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', path: 'action.yml' },
  inputs: [
    'repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials',
    'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags',
    'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url', 'allow-unsafe-pr-checkout',
  ],
  required: [],
  outputs: ['ref', 'commit'],
};

/** docker/setup-buildx-action v4.3.0 (37fe631027851001ddb9b187196cc803df7f5f0e), `action.yml`. */
export const SETUP_BUILDX_FACTS: ActionFacts = {
  action: 'docker/setup-buildx-action',
  source: { repository: 'docker/setup-buildx-action', tag: 'v4.3.0', sha: '37fe631027851001ddb9b187196cc803df7f5f0e', path: 'action.yml' },
  inputs: [
    'version', 'driver', 'driver-opts', 'buildkitd-flags', 'buildkitd-config', 'buildkitd-config-inline', 'use',
    'name', 'endpoint', 'platforms', 'append', 'keep-state', 'cache-binary', 'cleanup',
  ],
  required: [],
  outputs: ['name', 'driver', 'platforms', 'nodes', 'endpoint', 'status', 'flags'],
};

/** docker/login-action v4.1.0 (4907a6ddec9925e35a0a9e82d7399ccc52663121), `action.yml`. */
export const LOGIN_FACTS: ActionFacts = {
  action: 'docker/login-action',
  source: { repository: 'docker/login-action', tag: 'v4.1.0', sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121', path: 'action.yml' },
  inputs: ['registry', 'username', 'password', 'ecr', 'scope', 'logout', 'registry-auth'],
  required: [],
  outputs: [],
};

/** docker/build-push-action v7.3.0 (53b7df96c91f9c12dcc8a07bcb9ccacbed38856a), `action.yml`. */
export const BUILD_PUSH_FACTS: ActionFacts = {
  action: 'docker/build-push-action',
  source: { repository: 'docker/build-push-action', tag: 'v7.3.0', sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', path: 'action.yml' },
  inputs: [
    'add-hosts', 'allow', 'annotations', 'attests', 'build-args', 'build-contexts', 'builder', 'cache-from',
    'cache-to', 'call', 'cgroup-parent', 'context', 'file', 'labels', 'load', 'network', 'no-cache',
    'no-cache-filters', 'outputs', 'platforms', 'provenance', 'pull', 'push', 'sbom', 'secrets', 'secret-envs',
    'secret-files', 'shm-size', 'ssh', 'tags', 'target', 'ulimit', 'github-token',
  ],
  required: [],
  outputs: ['imageid', 'digest', 'metadata'],
};

/** docker/metadata-action v6.2.0 (dc802804100637a589fabce1cb79ff13a1411302), `action.yml`. */
export const METADATA_FACTS: ActionFacts = {
  action: 'docker/metadata-action',
  source: { repository: 'docker/metadata-action', tag: 'v6.2.0', sha: 'dc802804100637a589fabce1cb79ff13a1411302', path: 'action.yml' },
  inputs: [
    'context', 'images', 'tags', 'flavor', 'labels', 'annotations', 'sep-tags', 'sep-labels', 'sep-annotations',
    'bake-target', 'github-token',
  ],
  required: [],
  outputs: [
    'version', 'tags', 'tag-names', 'labels', 'annotations', 'json', 'bake-file-tags', 'bake-file-labels',
    'bake-file-annotations', 'bake-file',
  ],
};

/** docker/setup-qemu-action v4.2.0 (96fe6ef7f33517b61c61be40b68a1882f3264fb8), `action.yml`. */
export const SETUP_QEMU_FACTS: ActionFacts = {
  action: 'docker/setup-qemu-action',
  source: { repository: 'docker/setup-qemu-action', tag: 'v4.2.0', sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8', path: 'action.yml' },
  inputs: ['image', 'platforms', 'reset', 'cache-image'],
  required: [],
  outputs: ['platforms'],
};

/** actions/upload-artifact v7.0.0 (bbbca2ddaa5d8feaa63e36b76fdaad77386f024f), `action.yml`. */
export const UPLOAD_ARTIFACT_FACTS: ActionFacts = {
  action: 'actions/upload-artifact',
  source: { repository: 'actions/upload-artifact', tag: 'v7.0.0', sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', path: 'action.yml' },
  inputs: [
    'name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite',
    'include-hidden-files', 'archive',
  ],
  required: ['path'],
  outputs: ['artifact-id', 'artifact-url', 'artifact-digest'],
};

/** actions/download-artifact v8.0.1 (3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c), `action.yml`. */
export const DOWNLOAD_ARTIFACT_FACTS: ActionFacts = {
  action: 'actions/download-artifact',
  source: { repository: 'actions/download-artifact', tag: 'v8.0.1', sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', path: 'action.yml' },
  inputs: [
    'name', 'artifact-ids', 'path', 'pattern', 'merge-multiple', 'github-token', 'repository', 'run-id',
    'skip-decompress', 'digest-mismatch',
  ],
  required: [],
  outputs: ['download-path'],
};

/** actions/attest-build-provenance v4.1.0 (a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32), `action.yml`. */
export const ATTEST_BUILD_PROVENANCE_FACTS: ActionFacts = {
  action: 'actions/attest-build-provenance',
  source: { repository: 'actions/attest-build-provenance', tag: 'v4.1.0', sha: 'a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32', path: 'action.yml' },
  inputs: [
    'subject-path', 'subject-digest', 'subject-name', 'subject-checksums', 'predicate-type', 'predicate',
    'predicate-path', 'push-to-registry', 'create-storage-record', 'show-summary', 'github-token',
  ],
  required: [],
  outputs: ['bundle-path', 'attestation-id', 'attestation-url', 'storage-record-ids'],
};

/**
 * actions/cache v5.0.5 (27d5ce7f107fe9357f9df03efb73ab90386fccae), `action.yml`, the table's pin (no v6 tag can
 * be resolved from the action's own git yet, see its cache row). The v6.0.0 change
 * (its release notes name PR 1760, the ESM migration; that PR's head in the snapshot, 5a912e8, leaves all three
 * action.yml files as they are at v5.0.5); PR 1761, unmerged in the snapshot, adds inputs such as strict-paths,
 * which a v6 tag may carry, and the check would then report them until these facts move to a v6 commit.
 */
export const CACHE_FACTS: ActionFacts = {
  action: 'actions/cache',
  source: { repository: 'actions/cache', tag: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', path: 'action.yml' },
  inputs: [
    'path', 'key', 'restore-keys', 'upload-chunk-size', 'enableCrossOsArchive', 'fail-on-cache-miss',
    'lookup-only', 'save-always',
  ],
  required: ['path', 'key'],
  outputs: ['cache-hit'],
};

/** actions/cache v5.0.5 (27d5ce7f107fe9357f9df03efb73ab90386fccae), `restore/action.yml`. */
export const CACHE_RESTORE_FACTS: ActionFacts = {
  action: 'actions/cache/restore',
  source: { repository: 'actions/cache', tag: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', path: 'restore/action.yml' },
  inputs: ['path', 'key', 'restore-keys', 'enableCrossOsArchive', 'fail-on-cache-miss', 'lookup-only'],
  required: ['path', 'key'],
  outputs: ['cache-hit', 'cache-primary-key', 'cache-matched-key'],
};

/** actions/cache v5.0.5 (27d5ce7f107fe9357f9df03efb73ab90386fccae), `save/action.yml`. */
export const CACHE_SAVE_FACTS: ActionFacts = {
  action: 'actions/cache/save',
  source: { repository: 'actions/cache', tag: 'v5.0.5', sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', path: 'save/action.yml' },
  inputs: ['path', 'key', 'upload-chunk-size', 'enableCrossOsArchive'],
  required: ['path', 'key'],
  outputs: [],
};

/** aws-actions/configure-aws-credentials v6.2.3 (e6de054238d6b7531b4efff3b6587d9aade6a06c), `action.yml`. */
export const CONFIGURE_AWS_CREDENTIALS_FACTS: ActionFacts = {
  action: 'aws-actions/configure-aws-credentials',
  source: { repository: 'aws-actions/configure-aws-credentials', tag: 'v6.2.3', sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c', path: 'action.yml' },
  inputs: [
    'aws-region', 'aws-profile', 'overwrite-aws-profile', 'role-to-assume', 'aws-access-key-id', 'aws-secret-access-key',
    'aws-session-token', 'web-identity-token-file', 'role-chaining', 'audience', 'http-proxy', 'no-proxy',
    'mask-aws-account-id', 'role-duration-seconds', 'role-external-id', 'role-session-name', 'role-skip-session-tagging',
    'transitive-tag-keys', 'inline-session-policy', 'managed-session-policies', 'output-credentials',
    'output-env-credentials', 'unset-current-credentials', 'disable-retry', 'retry-max-attempts',
    'special-characters-workaround', 'use-existing-credentials', 'allowed-account-ids', 'force-skip-oidc',
    'action-timeout-s', 'custom-tags', 'sts-endpoint',
  ],
  required: ['aws-region'],
  outputs: ['aws-account-id', 'aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'aws-expiration'],
};

/** google-github-actions/auth v3.0.0 (7c6bc770dae815cd3e89ee6cdf493a5fab2cc093), `action.yml`. */
export const GOOGLE_AUTH_FACTS: ActionFacts = {
  action: 'google-github-actions/auth',
  source: { repository: 'google-github-actions/auth', tag: 'v3.0.0', sha: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093', path: 'action.yml' },
  inputs: [
    'project_id', 'workload_identity_provider', 'service_account', 'audience', 'credentials_json',
    'create_credentials_file', 'export_environment_variables', 'token_format', 'delegates', 'universe',
    'request_reason', 'cleanup_credentials', 'access_token_lifetime', 'access_token_scopes', 'access_token_subject',
    'id_token_audience', 'id_token_include_email',
  ],
  required: [],
  outputs: ['project_id', 'credentials_file_path', 'auth_token', 'access_token', 'id_token'],
};

/** The facts of every table action, by its key (the cache's: the action and its two sub-actions). */
export const ACTION_FACTS: { readonly [K in ActionKey]: readonly ActionFacts[] } = {
  checkout: [CHECKOUT_FACTS],
  setupBuildx: [SETUP_BUILDX_FACTS],
  login: [LOGIN_FACTS],
  buildPush: [BUILD_PUSH_FACTS],
  metadata: [METADATA_FACTS],
  setupQemu: [SETUP_QEMU_FACTS],
  uploadArtifact: [UPLOAD_ARTIFACT_FACTS],
  downloadArtifact: [DOWNLOAD_ARTIFACT_FACTS],
  attestBuildProvenance: [ATTEST_BUILD_PROVENANCE_FACTS],
  cache: [CACHE_FACTS, CACHE_RESTORE_FACTS, CACHE_SAVE_FACTS],
  configureAwsCredentials: [CONFIGURE_AWS_CREDENTIALS_FACTS],
  googleAuth: [GOOGLE_AUTH_FACTS],
};

/** The facts for what a step writes before `@` (`owner/repo[/path]`, any case), or `undefined` for other actions. */
export function actionFactsFor(action: string): ActionFacts | undefined {
  const wanted = action.toLowerCase();
  for (const list of Object.values(ACTION_FACTS)) {
    const found = list.find((facts) => facts.action.toLowerCase() === wanted);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
