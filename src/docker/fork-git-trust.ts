/**
 * Git inside the fork fallback's `docker run`: the checkout is owned by the
 * runner user and mounted into a container that runs as root (or another
 * user), so git >= 2.35.2 refuses it ("detected dubious ownership") and
 * every tool that calls git (pre-commit, setuptools-scm, `git describe`...)
 * fails. A container job does not see this: actions/checkout marks the
 * workspace safe in the container's global config. The fallback marks it
 * safe through the environment instead, the one channel `docker run -e`
 * already carries:
 *
 * - `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>` add
 *   configuration entries for the process, with command scope (git >= 2.31;
 *   git-config(1), "ENVIRONMENT", `Documentation/git-config.adoc` in git/git).
 * - `safe.directory` is honoured there because command scope is protected
 *   configuration (`Documentation/config/safe.adoc`: "only respected in
 *   protected configuration"; git-config(1), "SCOPES": protected means system,
 *   global and command). Since git 2.38: git/git commit 6061601d9f
 *   "safe.directory: use git_protected_config()" (2022-07-14, merged after
 *   v2.37). Git 2.35.2 to 2.37 read it from the system and global files only
 *   (their t0033-safe-directory.sh tests "ignoring safe.directory in the
 *   environment"); docs/test-jobs.md says what to do for images with such a git.
 *
 * The value is `*` (every directory), not the mount point: submodules and
 * nested checkouts have their own top-level directories, and the container is
 * thrown away after one step and runs nothing but the pull request's own code.
 */
import { sameEnvName } from '../jobs/step-validation';

/** The variables the fallback sets, in the order they are written. */
export const GIT_CONFIG_COUNT = 'GIT_CONFIG_COUNT';
const KEY = (n: number) => `GIT_CONFIG_KEY_${n}`;
const VALUE = (n: number) => `GIT_CONFIG_VALUE_${n}`;

/** The configuration entry that makes git trust the mounted checkout. */
export const GIT_TRUST_KEY = 'safe.directory';
export const GIT_TRUST_VALUE = '*';

/** Names git reads as numbered configuration pairs (any case, as GitHub compares env names). */
const PAIR_NAME = /^GIT_CONFIG_(?:KEY|VALUE)_(\d+)$/i;

/**
 * Why `env` (a step's job and step variables together) cannot carry the
 * fallback's git entry, if it cannot. A literal `GIT_CONFIG_COUNT` is
 * merged with (the entry goes after the user's own); anything the fallback
 * could not merge without changing what git reads is refused.
 */
export function gitTrustProblem(env: unknown): string | undefined {
  if (env === null || typeof env !== 'object') {
    return undefined;
  }
  const map = env as { [name: string]: unknown };
  const countName = sameEnvName(map, GIT_CONFIG_COUNT);
  const pairs = Object.keys(map).filter((name) => PAIR_NAME.test(name));
  const why = `the fallback appends ${GIT_TRUST_KEY}=${GIT_TRUST_VALUE} to git's GIT_CONFIG_* entries so that git trusts the mounted checkout`;
  if (countName === undefined) {
    return pairs.length === 0 ? undefined
      : `its env sets ${pairs[0]} without ${GIT_CONFIG_COUNT}, which git ignores today; ${why}, and its ${GIT_CONFIG_COUNT} would switch it on (set ${GIT_CONFIG_COUNT} too, or remove it)`;
  }
  if (countName !== GIT_CONFIG_COUNT) {
    return `its env sets ${countName}, which git does not read (it reads ${GIT_CONFIG_COUNT}); ${why}, and one step's env cannot hold both spellings`;
  }
  const count = map[countName];
  if (typeof count !== 'string' || !/^\d{1,3}$/.test(count)) {
    return `its env sets ${GIT_CONFIG_COUNT} to ${JSON.stringify(count)}, not a literal number; ${why}, at the index that number gives`;
  }
  const n = Number(count);
  for (const name of pairs) {
    const index = Number(PAIR_NAME.exec(name)![1]);
    if (index >= n) {
      return `its env sets ${name}, beyond its ${GIT_CONFIG_COUNT} (${n}); ${why}, at index ${n}: remove it or raise ${GIT_CONFIG_COUNT}`;
    }
    if (name !== name.toUpperCase()) {
      return `its env sets ${name}, which git does not read (it reads ${name.toUpperCase()}); write the name in capitals`;
    }
  }
  return undefined;
}

/**
 * `env` with the fallback's git entry added (call only when
 * {@link gitTrustProblem} found nothing): `GIT_CONFIG_COUNT` one more than
 * the user's (or 1), and the entry's key and value at the next index.
 */
export function withGitTrust(env: { [name: string]: string }): { [name: string]: string } {
  const n = env[GIT_CONFIG_COUNT] !== undefined ? Number(env[GIT_CONFIG_COUNT]) : 0;
  return { ...env, [GIT_CONFIG_COUNT]: String(n + 1), [KEY(n)]: GIT_TRUST_KEY, [VALUE(n)]: GIT_TRUST_VALUE };
}
