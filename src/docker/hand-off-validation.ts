/**
 * Checks of how a build hands its image over: the push policy, the
 * artifact, and what each excludes (nothing to reuse, attest or log in for
 * when nothing is pushed; one archive per build, so no native legs).
 */
import type { DockerBuildJobProps } from './docker-build-job-props';
import { ARCHIVE_DIGEST_OUTPUT, ARCHIVE_ID_OUTPUT, ARCHIVE_OUTPUT, ImageArtifact } from './image-artifact';
import { PlatformStrategy } from './platform-strategy';
import { effectivePushPolicy, pushPolicyProblems } from './push-policy';

/** The build job's archive outputs, which a user's `outputs` cannot take. */
const ARCHIVE_OUTPUTS = [ARCHIVE_OUTPUT, ARCHIVE_ID_OUTPUT, ARCHIVE_DIGEST_OUTPUT];

/** Problems with `push` and `artifact`, each saying how to fix it. */
export function handOffProblems(p: DockerBuildJobProps): string[] {
  const problems = pushPolicyProblems(p.push);
  const artifact = p.artifact as unknown;
  if (artifact !== undefined && !(artifact instanceof ImageArtifact)) {
    problems.push(`artifact is ${JSON.stringify(artifact) ?? String(artifact)}; use ImageArtifact.dockerArchive(), or leave it out.`);
  } else if (artifact instanceof ImageArtifact) {
    problems.push(...artifact._problems());
    if (p.platformStrategy instanceof PlatformStrategy && p.platformStrategy._kind === 'native') {
      problems.push('artifact is set with PlatformStrategy.nativeRunners(), whose platforms are built in jobs of their own; '
        + 'an archive holds one platform: use PlatformStrategy.emulated() (the archive then has the runner\'s platform), or leave artifact out.');
    }
    if (p.reuseUnchanged !== undefined) {
      problems.push('artifact is set with reuseUnchanged, but a reused image was not built in this run, so there is nothing to export; leave one of them out.');
    }
  }
  const never = effectivePushPolicy(p.push)._kind === 'never';
  if (never) {
    if (p.reuseUnchanged !== undefined) {
      problems.push('reuseUnchanged looks for the image in the registry, but push is PushPolicy.never(); leave reuseUnchanged out, or push.');
    }
    if (p.attestProvenance === true) {
      problems.push('attestProvenance signs the pushed image, but push is PushPolicy.never(); leave attestProvenance out, or push.');
    }
    if (p.metadataTags === true) {
      problems.push('metadataTags tags the pushed image, but push is PushPolicy.never(); leave metadataTags out, or push.');
    }
    if (Array.isArray(p.tags) && p.tags.length > 0) {
      problems.push('tags are given to the pushed image, but push is PushPolicy.never(); leave tags out, or push.');
    }
    if (Array.isArray(p.alsoPushTo) && p.alsoPushTo.length > 0) {
      problems.push('alsoPushTo pushes the image to more registries, but push is PushPolicy.never(); leave alsoPushTo out, or push.');
    }
  }
  const outputs = p.outputs as unknown;
  if (outputs !== null && typeof outputs === 'object') {
    for (const name of Object.keys(outputs)) {
      if (ARCHIVE_OUTPUTS.includes(name.toLowerCase())) {
        problems.push(`outputs declares "${name}", an output the build job keeps for its image archive; give your output another name.`);
      }
    }
  }
  return problems;
}
