/**
 * The token permissions a build job's steps need, each naming the job and
 * why (the refusal of a lowered permission quotes `neededBy`).
 */
import type { CacheConfig } from '../cache/docker-cache';
import type { PermissionRequirement } from '../jobs/permission-merge';
import { PermissionLevel } from '../jobs/permissions';

const who = (jobId: string) => `DockerBuildJob "${jobId}"`;

/** `contents: read` for the checkout. */
export function readForCheckout(jobId: string): PermissionRequirement {
  return { scope: 'contents', level: PermissionLevel.READ, neededBy: `${who(jobId)} (checkout)` };
}

/** `packages: write` to push to GHCR with the workflow's token. */
export function pushToGhcr(jobId: string, image: string): PermissionRequirement {
  return { scope: 'packages', level: PermissionLevel.WRITE, neededBy: `${who(jobId)} (to push ${image} to ghcr.io)` };
}

/** `id-token: write` to exchange the job's OIDC token for a cloud registry's credentials (Registry.ecr()). */
export function oidcLogin(jobId: string, image: string, registry: string): PermissionRequirement {
  return { scope: 'id-token', level: PermissionLevel.WRITE, neededBy: `${who(jobId)} (to log in to ${registry} with OIDC and push ${image})` };
}

/** What the caches ask for (e.g. `actions: read` for the gha cache's REST API listing). */
export function cachePermissions(jobId: string, caches: readonly CacheConfig[]): PermissionRequirement[] {
  return caches.flatMap((c) => c.permissions ?? []).map((p) => ({ scope: p.scope, level: p.level, neededBy: `${who(jobId)} (${p.reason})` }));
}

/** `id-token: write` (Sigstore signing) and `attestations: write` (storing) for attest-build-provenance. */
export function attestationPermissions(jobId: string, image: string): PermissionRequirement[] {
  return [
    { scope: 'id-token', level: PermissionLevel.WRITE, neededBy: `${who(jobId)} (attestProvenance: to sign the provenance of ${image})` },
    { scope: 'attestations', level: PermissionLevel.WRITE, neededBy: `${who(jobId)} (attestProvenance: to store the provenance of ${image})` },
  ];
}
