/**
 * Merging what a job's constructs need with what the user grants, and the
 * checks on the user's setting (internal; the public types are in
 * `permissions.ts`).
 */
import { JobPermissions, PermissionLevel } from './permissions';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { PermissionsModel } from '../workflow/workflow-model';

/** camelCase prop name to GitHub's scope name. */
const SCOPES: { readonly [K in keyof JobPermissions]-?: string } = {
  actions: 'actions',
  attestations: 'attestations',
  checks: 'checks',
  contents: 'contents',
  deployments: 'deployments',
  discussions: 'discussions',
  idToken: 'id-token',
  issues: 'issues',
  models: 'models',
  packages: 'packages',
  pages: 'pages',
  pullRequests: 'pull-requests',
  securityEvents: 'security-events',
  statuses: 'statuses',
};

/** Scopes GitHub restricts to some levels. */
const ALLOWED_LEVELS: { readonly [scope: string]: readonly PermissionLevel[] } = {
  'id-token': [PermissionLevel.WRITE, PermissionLevel.NONE],
  'models': [PermissionLevel.READ, PermissionLevel.NONE],
};

const RANK: { readonly [level: string]: number } = { none: 0, read: 1, write: 2 };

/** One permission a construct needs, and why. */
export interface PermissionRequirement {
  /** GitHub's scope name, e.g. `packages`. */
  readonly scope: string;
  /** The least level that works. */
  readonly level: PermissionLevel;
  /** Who needs it and for what, e.g. `the build (DockerBuildJob) to push ghcr.io/acme/app`. */
  readonly neededBy: string;
}

/**
 * The job's permissions: every requirement at its level, raised to the
 * user's level where the user grants more, plus the user's other scopes.
 */
export function mergePermissions(requirements: readonly PermissionRequirement[], granted: JobPermissions | undefined): PermissionsModel {
  const result: { [scope: string]: PermissionLevel } = {};
  for (const requirement of requirements) {
    const current = result[requirement.scope];
    if (current === undefined || RANK[requirement.level] > RANK[current]) {
      result[requirement.scope] = requirement.level;
    }
  }
  for (const [key, scope] of Object.entries(SCOPES)) {
    const level = (granted as { [key: string]: PermissionLevel | undefined } | undefined)?.[key];
    if (level !== undefined && RANK[level] !== undefined && (result[scope] === undefined || RANK[level] > RANK[result[scope]])) {
      result[scope] = level;
    }
  }
  return result;
}

/** The valid scopes of `granted` as requirements (for a job that takes over another job's grant). */
export function grantedRequirements(granted: unknown, neededBy: string): PermissionRequirement[] {
  if (granted === null || typeof granted !== 'object') {
    return [];
  }
  const levels = Object.values(PermissionLevel) as string[];
  return Object.entries(SCOPES).flatMap(([key, scope]) => {
    const level = (granted as { [key: string]: unknown })[key];
    return typeof level === 'string' && levels.includes(level) ? [{ scope, level: level as PermissionLevel, neededBy }] : [];
  });
}

/**
 * Problems with the user's permissions: unknown scopes or levels, levels
 * GitHub refuses for a scope, and any scope set below what a construct needs
 * (naming that construct).
 */
export function validatePermissions(requirements: readonly PermissionRequirement[], granted: unknown): string[] {
  if (granted === undefined) {
    return [];
  }
  if (granted === null || typeof granted !== 'object' || Array.isArray(granted)) {
    return [`permissions is ${JSON.stringify(granted) ?? String(granted)}; give an object of scopes, for example { idToken: PermissionLevel.WRITE }.`];
  }
  const problems: string[] = [];
  const levels = Object.values(PermissionLevel) as string[];
  for (const [key, level] of Object.entries(granted as { [key: string]: unknown })) {
    if (level === undefined) {
      continue;
    }
    const scope = (SCOPES as { [key: string]: string })[key];
    if (scope === undefined) {
      problems.push(`permissions.${key} is not a permission scope; use ${Object.keys(SCOPES).join(', ')}.${seeDocs(DOCS.permissions)}`);
      continue;
    }
    if (typeof level !== 'string' || !levels.includes(level)) {
      problems.push(`permissions.${key} is ${JSON.stringify(level) ?? String(level)}; use PermissionLevel.READ, PermissionLevel.WRITE or PermissionLevel.NONE.${seeDocs(DOCS.permissions)}`);
      continue;
    }
    const allowed = ALLOWED_LEVELS[scope];
    if (allowed !== undefined && !allowed.includes(level as PermissionLevel)) {
      problems.push(`permissions.${key} is '${level}', which GitHub does not accept for ${scope}; use ${allowed.map((l) => `PermissionLevel.${l.toUpperCase()}`).join(' or ')}.${seeDocs(DOCS.permissions)}`);
      continue;
    }
    for (const requirement of requirements) {
      if (requirement.scope === scope && RANK[level] < RANK[requirement.level]) {
        problems.push(`permissions.${key} is '${level}', but ${requirement.neededBy} needs ${scope}: ${requirement.level}; ` +
          `leave ${key} out (the job gets what it needs) or set it to PermissionLevel.${requirement.level.toUpperCase()}.`);
      }
    }
  }
  return problems;
}

