/**
 * Build jobs that push the same tag (two builds of one image name, their own
 * or a mirror, both push `<name>:<commit sha>`, and maybe `latest` or a tag
 * of their own) move it to whichever run finished last, so the tag no longer
 * says which build it is: refused, as colliding caches are, once per shared
 * image name, by the first build job of the project that pushes it, naming
 * every build by its construct path and the tags they share.
 */
import { extraTagKeys } from './build-tags';
import type { DockerBuildJob } from './docker-build-job';
import { canonicalImage, resolvedMirrors } from './image-mirror';
import { validateImageName } from './image-name';
import { addProblemCheck, oncePerValidation } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import type { Workflow } from '../workflow/workflow';

/** True for a build job, by shape (this file is imported by the build job's own module). */
function isBuildJob(job: unknown): job is DockerBuildJob {
  return typeof (job as Partial<DockerBuildJob>)?._cacheWriteKey === 'function' && typeof (job as Partial<DockerBuildJob>).imageName === 'string';
}

/**
 * The image names every push run of `build` gives `<commit sha>`: its own
 * (a repository image is `ghcr.io/<repository>[/suffix]`, its case only
 * known at run time) and its mirrors', Docker Hub names in their long form.
 * Its own tags and metadataTags' go to the same names. None for an invalid
 * name (refused elsewhere).
 */
function pushedNames(build: DockerBuildJob): string[] {
  const suffix = build._repositorySuffix;
  const own = suffix !== undefined ? [`ghcr.io/<repository>${suffix}`]
    : validateImageName(build.imageName).length === 0 ? [canonicalImage(build.imageName)] : [];
  const mirrors = resolvedMirrors(build._props).filter((m) => validateImageName(m.image).length === 0).map((m) => canonicalImage(m.image));
  return [...new Set([...own, ...mirrors])];
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
        for (const tag of pushedNames(job)) {
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
      // The tags of their own that every one of them gives this name too (latest, a raw tag...).
      const shared = extraTagKeys(jobs[0]._props).filter((t) => jobs.every((j) => extraTagKeys(j._props).includes(t)));
      const pushed = [`${tag}:<commit sha>`, ...shared.map((t) => `${tag}:${t}`)];
      const second = jobs[1];
      const id = second.jobId.toLowerCase().replace(/_/g, '-');
      const ownName = second._repositorySuffix !== undefined ? tag === `ghcr.io/<repository>${second._repositorySuffix}` : canonicalImage(second.imageName) === tag;
      const example = !ownName ? `${tag}-${id}` // a mirror of the second build
        : second._repositorySuffix === undefined ? `${second.imageName}-${id}` : `ghcr.io/\${{ github.repository }}${second._repositorySuffix}/${id}`;
      const mirrored = jobs.some((j) => resolvedMirrors(j._props).some((m) => canonicalImage(m.image) === tag));
      problems.push(`build jobs ${names} ${jobs.length === 2 ? 'both' : 'all'} push ${pushed.join(', ')}, so ${pushed.length === 1 ? 'the tag points' : 'the tags point'} ` +
        `at whichever build finished last; give each build its own image name (e.g. "${example}")${mirrored ? ' and mirror (alsoPushTo)' : ''}, ` +
        'or build the image once and hand its digest to every job that uses it.');
    }
    return problems;
  });
}
