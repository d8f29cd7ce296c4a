/**
 * Build jobs that write the same cache (the same gha scope, say) overwrite
 * each other's cache index, so every build starts cold: refused, one message
 * per shared destination. Within a workflow the workflow reports them; across
 * workflows of a project, the first build job of the group does.
 */
import type { DockerBuildJob } from './docker-build-job';
import { addProblemCheck, oncePerValidation } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { Workflow } from '../workflow/workflow';

/** Workflows whose check is registered already. */
const CHECKED = new WeakSet<Workflow>();

/** True for a build job, by shape (this file is imported by the build job's own module). */
function isBuildJob(job: unknown): job is DockerBuildJob {
  return typeof (job as Partial<DockerBuildJob>)?._cacheWriteKey === 'function';
}

/** Registers the collision checks for `build` (once per workflow for the workflow's own). */
export function registerCacheCollisionChecks(build: DockerBuildJob): void {
  const workflow = build.workflow;
  if (!CHECKED.has(workflow)) {
    CHECKED.add(workflow);
    addProblemCheck(workflow, () => collisions([workflow], false));
  }
  addProblemCheck(build, () => oncePerValidation(workflow.project, 'cache-collisions', () => collisions(workflowsOf(workflow), true))
    .filter((c) => c.first === build).map((c) => c.message));
}

/** The project's workflows, in declaration order. */
function workflowsOf(workflow: Workflow): Workflow[] {
  return workflow.project.components.filter((c): c is Workflow => typeof (c as Workflow).workflowId === 'string' && (c as Workflow).jobs !== undefined);
}

interface Collision {
  readonly first: DockerBuildJob;
  readonly message: string;
}

function collisions(workflows: readonly Workflow[], acrossWorkflows: true): Collision[];
function collisions(workflows: readonly Workflow[], acrossWorkflows: false): string[];
function collisions(workflows: readonly Workflow[], acrossWorkflows: boolean): Collision[] | string[] {
  const byKey = new Map<string, DockerBuildJob[]>();
  for (const workflow of workflows) {
    for (const job of workflow.jobs.filter(isBuildJob)) {
      const key = job._cacheWriteKey();
      if (key !== undefined) {
        byKey.set(key, [...(byKey.get(key) ?? []), job]);
      }
    }
  }
  const found: Collision[] = [];
  for (const [key, jobs] of byKey) {
    const spansWorkflows = jobs.some((j) => j.workflow !== jobs[0].workflow);
    if (jobs.length < 2 || spansWorkflows !== acrossWorkflows) {
      continue;
    }
    const names = jobs.map((j) => (acrossWorkflows ? constructPath(j) : `"${j.jobId}"`)).join(' and ');
    const fix = jobs[1]._cacheWriteFix() ?? `give each image its own scope, e.g. GhaCache.max({ scope: '${jobs[1].jobId.toLowerCase()}' })`;
    found.push({
      first: jobs[0],
      message: `build jobs ${names} ${jobs.length === 2 ? 'both' : 'all'} write the ${key}, so they overwrite each other's cache index; ${fix}.${key.startsWith('gha ') ? seeDocs(DOCS.ghaCacheScope) : ''}`,
    });
  }
  return acrossWorkflows ? found : found.map((c) => c.message);
}
