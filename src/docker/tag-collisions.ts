/**
 * Build jobs that push the same tag (two builds of one image name both push
 * `<name>:<commit sha>`) move it to whichever run finished last, so the tag
 * no longer says which build it is: refused, as colliding caches are, once
 * per shared tag, by the first build job of the project that pushes it,
 * naming every build by its construct path.
 */
import type { DockerBuildJob } from './docker-build-job';
import { validateImageName } from './image-name';
import { addProblemCheck, oncePerValidation } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import type { Workflow } from '../workflow/workflow';

/** True for a build job, by shape (this file is imported by the build job's own module). */
function isBuildJob(job: unknown): job is DockerBuildJob {
  return typeof (job as Partial<DockerBuildJob>)?._cacheWriteKey === 'function' && typeof (job as Partial<DockerBuildJob>).imageName === 'string';
}

/**
 * The tags every run of `build` pushes: `<name>:<commit sha>`, a repository
 * image named `ghcr.io/<repository>[/suffix]` (its case is only known at run
 * time). metadataTags' tags (sha-<7>, the branch, latest...) collide exactly
 * when this one does. None for an invalid name (refused elsewhere).
 */
function pushedTags(build: DockerBuildJob): string[] {
  const suffix = build._repositorySuffix;
  if (suffix !== undefined) {
    return [`ghcr.io/<repository>${suffix}:<commit sha>`];
  }
  return validateImageName(build.imageName).length === 0 ? [`${build.imageName}:<commit sha>`] : [];
}

/** Every build job of `build`'s project, in declaration order. */
function buildsOfProject(build: DockerBuildJob): DockerBuildJob[] {
  return build.workflow.project.components
    .filter((c): c is Workflow => typeof (c as Workflow).workflowId === 'string' && (c as Workflow).jobs !== undefined)
    .flatMap((workflow) => workflow.jobs.filter(isBuildJob));
}

/** Registers the check that `build` pushes no tag an earlier build of the project pushes too. */
export function registerTagCollisionChecks(build: DockerBuildJob): void {
  addProblemCheck(build, () => {
    // The project's tags, computed once per validation (not once per build job).
    const byTag = oncePerValidation(build.workflow.project, 'tag-collisions', () => {
      const tags = new Map<string, DockerBuildJob[]>();
      for (const job of buildsOfProject(build)) {
        for (const tag of pushedTags(job)) {
          const same = tags.get(tag);
          if (same === undefined) {
            tags.set(tag, [job]);
          } else {
            same.push(job);
          }
        }
      }
      return tags;
    });
    const problems: string[] = [];
    for (const [tag, jobs] of byTag) {
      if (jobs.length < 2 || jobs[0] !== build) {
        continue;
      }
      const names = jobs.map((j) => constructPath(j)).join(' and ');
      const second = jobs[1];
      const id = second.jobId.toLowerCase().replace(/_/g, '-');
      const example = second._repositorySuffix === undefined ? `${second.imageName}-${id}` : `ghcr.io/\${{ github.repository }}${second._repositorySuffix}/${id}`;
      problems.push(`build jobs ${names} ${jobs.length === 2 ? 'both' : 'all'} push ${tag}, so the tag points at whichever build finished last; ` +
        `give each build its own image name (e.g. "${example}"), or build the image once and hand its digest to every job that uses it.`);
    }
    return problems;
  });
}
