/**
 * The events a workflow diagram draws, one view each: a push to the default
 * branch, a pull request from a branch of the repository, and a pull
 * request from a fork; only those the workflow's triggers admit. Each comes
 * with the `github` context a run of that event has, as far as it is known
 * before the run (the rest is unknown, see `expression-evaluator.ts`).
 *
 * The default branch is taken to be `main`, or, when the push trigger's
 * branch filter leaves `main` out, the first branch it names literally
 * (`master`); without one there is no push view (a push trigger for tags
 * only, or for `release/*` branches, never runs on a push to the default
 * branch). Pull requests are drawn whenever the workflow has a
 * `pullRequest` trigger, whatever base branches it filters on.
 */
import type { WorkflowTriggers } from './workflow-triggers';
import { Dict, Opaque, Unknown, Value } from '../expressions/expression-values';

/** One event the diagram draws. */
export interface EventScenario {
  /** A short id, used for the Mermaid subgraph (`push`, `pr`, `fork`). */
  readonly id: string;
  /** What the subgraph is titled (`push to main`). */
  readonly title: string;
  /** The default branch the view assumes (`main`, or the branch the push trigger names). */
  readonly defaultBranch: string;
  /** The `github` context of such a run. */
  readonly github: Dict;
}

/** Characters that make a branch pattern a glob rather than one branch name. */
const GLOB = /[*?+[\]!\\]/;

/** A GitHub filter pattern (`*`, `**`, `?`, `+`, `[a-z]`, `\` escapes) as a regular expression. */
function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      source += pattern[++i].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else if (c === '*') {
      const double = pattern[i + 1] === '*';
      source += double ? '.*' : '[^/]*';
      i += double ? 1 : 0;
    } else if (c === '?' || c === '+') {
      source += c; // zero or one / one or more of the preceding character, as in a regular expression
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      source += end === -1 ? '\\[' : pattern.slice(i, end + 1);
      i = end === -1 ? i : end;
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /$^/; // a pattern validation refuses; it matches nothing here
  }
}

/** Whether `patterns` (in order, `!` negating, the last match deciding) match `name`. */
function matches(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (patternRegExp(negated ? pattern.slice(1) : pattern).test(name)) {
      matched = !negated;
    }
  }
  return matched;
}

/** The branch a push view pushes to (the default branch), or undefined when no push of a branch runs the workflow. */
function pushedBranch(triggers: WorkflowTriggers): string | undefined {
  const push = triggers.push;
  if (push === undefined || push === null || typeof push !== 'object') {
    return undefined;
  }
  const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : undefined);
  const [branches, ignored] = [list(push.branches), list(push.branchesIgnore)];
  if (branches === undefined && ignored === undefined) {
    // Tag filters alone limit the push trigger to tags.
    return push.tags !== undefined || push.tagsIgnore !== undefined ? undefined : 'main';
  }
  if (branches !== undefined) {
    if (matches(branches, 'main')) {
      return 'main';
    }
    return branches.find((b) => !GLOB.test(b) && b !== '' && matches(branches, b));
  }
  return matches(ignored ?? [], 'main') ? undefined : 'main';
}

/** The events `triggers` admit, in a fixed order: push, pull request, fork pull request. */
export function eventScenarios(triggers: WorkflowTriggers | undefined): EventScenario[] {
  if (triggers === null || typeof triggers !== 'object') {
    return [];
  }
  const scenarios: EventScenario[] = [];
  const branch = pushedBranch(triggers);
  const defaultBranch = branch ?? 'main';
  const repository = new Opaque('github.repository', 'repository');
  const repo = (fullName: Value, fork: boolean) => new Dict({ full_name: fullName, fork }, true);
  const github = (entries: { [key: string]: Value }, event: { [key: string]: Value }) => new Dict({
    repository,
    ...entries,
    event: new Dict({ repository: new Dict({ default_branch: defaultBranch, full_name: repository }, true), ...event }, true),
  }, true);
  if (branch !== undefined) {
    scenarios.push({
      id: 'push',
      defaultBranch,
      title: `push to ${branch}`,
      github: github(
        { event_name: 'push', ref: `refs/heads/${branch}`, ref_name: branch, ref_type: 'branch', head_ref: '', base_ref: '' },
        { pull_request: null, ref: `refs/heads/${branch}` },
      ),
    });
  }
  if (triggers.pullRequest !== undefined) {
    const pullRequest = (head: Value, fork: boolean) => github(
      { event_name: 'pull_request', ref: new Opaque('github.ref', undefined, 'refs/pull/'), ref_type: 'branch', head_ref: new Unknown(true) },
      { pull_request: new Dict({ head: new Dict({ repo: repo(head, fork) }, true), base: new Dict({ repo: repo(repository, false) }, true) }, true) },
    );
    scenarios.push({ id: 'pr', defaultBranch, title: 'pull request from a branch of the repository', github: pullRequest(repository, false) });
    scenarios.push({ id: 'fork', defaultBranch, title: 'pull request from a fork', github: pullRequest(new Opaque('fork repository', 'repository'), true) });
  }
  return scenarios;
}
