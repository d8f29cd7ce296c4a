/**
 * A build job's image used on another job's runner (`IRunnerImage`): the
 * registry login with the build's own registry credentials, then
 * `docker pull` of the exact `name@sha256:...` the build pushed in this run,
 * read from an environment variable (never interpolated into the script),
 * and optionally a local name for tools that want one (kind, k3d, compose).
 */
import { omitUndefined } from './build-steps';
import type { ActionResolver } from '../actions/action-table';
import type { Job } from '../jobs/job';
import type { PermissionRequirement } from '../jobs/permission-merge';
import { PermissionLevel } from '../jobs/permissions';
import type { Step } from '../jobs/step';
import type { Registry } from '../registry/registry';

/** What the pull steps read of a build job. */
export interface PulledBuild {
  readonly jobId: string;
  readonly registry: Registry;
}

/** The login step (identical for every image of one registry, so it runs once) and the pull of `variable`'s image. */
export function runnerPullSteps(actions: ActionResolver, build: PulledBuild, variable: string, localTag?: string): Step[] {
  const registry = build.registry;
  const tag = localTag === undefined ? [] : [`docker tag "$${variable}" ${localTag}`];
  return [
    {
      name: `Log in to ${registry.displayName} to pull`,
      ...actions.ref('login'),
      with: omitUndefined({ registry: registry.loginServer, username: registry.username, password: registry.password }),
    },
    {
      name: `Pull ${variable} by digest (image of job ${build.jobId})`,
      // bash whatever the job's default shell: "$VAR" must be the environment variable.
      shell: 'bash',
      run: [`docker pull "$${variable}"`, ...tag].join('\n'),
    },
  ];
}

/** `packages: read` to pull from GHCR with the workflow's token; nothing for a registry with secrets of its own. */
export function runnerPullPermissions(build: PulledBuild, consumer: Job): PermissionRequirement[] {
  return build.registry.usesGitHubToken ? [{
    scope: 'packages',
    level: PermissionLevel.READ,
    neededBy: `${consumer.constructor.name} "${consumer.jobId}" (to pull the image of job "${build.jobId}" from ghcr.io with the GITHUB_TOKEN)`,
  }] : [];
}
