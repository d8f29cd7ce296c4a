/**
 * The image handed over as an artifact of the run instead of (or besides)
 * the registry: the build job exports it with BuildKit's docker exporter
 * (`outputs: type=docker,dest=<file>`), uploads the file as-is
 * (`actions/upload-artifact` v7, `archive: false`), and each job that uses
 * it downloads it (`actions/download-artifact`, which checks the file's
 * SHA-256), `docker load`s it and checks that the loaded image is the one
 * this run's build reported (its image id or manifest digest) before any
 * step of its own. No registry, no token: it works the same on pull
 * requests from forks.
 *
 * @see https://docs.docker.com/build/ci/github-actions/share-image-jobs/
 * @see https://github.com/actions/upload-artifact/releases/tag/v7.0.0 (direct uploads, `archive: false`)
 */
import type { ActionResolver } from '../actions/action-table';
import { expr } from '../expressions/expressions';
import type { Step } from '../jobs/step';

/** Options of {@link ImageArtifact.dockerArchive}. */
export interface ImageArtifactOptions {
  /**
   * Days GitHub keeps the artifact (`retention-days`: 1 to 90, or the
   * repository's maximum). The jobs of the run read it within minutes, and
   * an image archive counts against the account's artifact storage.
   * @default 1
   */
  readonly retentionDays?: number;
}

/** How a build hands its image over without a registry. */
export class ImageArtifact {
  /**
   * A `docker load`-able archive of the image for the runner's own platform
   * (BuildKit's docker exporter holds one platform: with `platforms` the
   * archive has the runner's), uploaded as the artifact
   * `<job id>-image.tar` of the run.
   */
  public static dockerArchive(options: ImageArtifactOptions = {}): ImageArtifact {
    return new ImageArtifact(options?.retentionDays ?? 1);
  }

  private constructor(/** @internal */ public readonly _retentionDays: number) {}

  /** Problems with the options. @internal */
  public _problems(): string[] {
    const days = this._retentionDays;
    return Number.isInteger(days) && days >= 1 && days <= 90 ? []
      : [`artifact retentionDays is ${JSON.stringify(days) ?? String(days)}; give a whole number of days from 1 to 90 (upload-artifact's retention-days).`];
  }
}

/** The id of the step that exports the archive (its outputs: `imageid`, `digest`). */
export const ARCHIVE_STEP_ID = 'archive';

/** The build job's outputs of the archive: the loaded image's local name, and the ids to check it against. */
export const ARCHIVE_OUTPUT = 'archive';
export const ARCHIVE_ID_OUTPUT = 'archive-id';
export const ARCHIVE_DIGEST_OUTPUT = 'archive-digest';

/** The artifact's name, which is also its file name (`archive: false` uploads the file as-is). */
export function archiveFileName(jobId: string): string {
  return `${jobId}-image.tar`;
}

/** Where the build writes the archive and where consumers download it to. */
const ARCHIVE_DIR = '${{ runner.temp }}/image-archives';

/** The archive's outputs of the build job, `name` being the image name as an expression (without `${{ }}`). */
export function archiveOutputs(name: string): { [output: string]: string } {
  const id = `steps.${ARCHIVE_STEP_ID}.outputs.imageid`;
  return {
    // Empty unless the archive was exported: jobs that load it test for ''.
    [ARCHIVE_OUTPUT]: expr(`${id} != '' && format('{0}:{1}', ${name}, github.sha) || ''`),
    [ARCHIVE_ID_OUTPUT]: expr(id),
    [ARCHIVE_DIGEST_OUTPUT]: expr(`steps.${ARCHIVE_STEP_ID}.outputs.digest`),
  };
}

/** What the export of a build job's archive reads of the job. */
export interface ArchiveStepsOptions {
  readonly jobId: string;
  /** The image name as the workflow writes it. */
  readonly nameInWorkflow: string;
  readonly artifact?: ImageArtifact;
  /** The condition of a fork's pull request, for an export for the fork fallback only. */
  readonly forkCondition?: string;
  /** The `cache-to` of the export: the cache it writes on the runs whose build step does not run. */
  readonly cacheTo?: string;
}

/**
 * The export and upload, after the build step `build` (whose inputs the
 * export takes: context, file, target, args, contexts, the caches it reads,
 * and its secrets unless `forForks`), on every run, or with `forForks` on a
 * fork's pull request only (`forkCondition`), where no secret is handed to
 * the contributor's Dockerfile. `cacheTo` is the cache it writes where the
 * build step does not run.
 */
export function archiveSteps(actions: ActionResolver, build: Step, o: ArchiveStepsOptions): Step[] {
  const { jobId, nameInWorkflow, artifact, forkCondition, cacheTo } = o;
  const file = archiveFileName(jobId);
  const dropped = forkCondition === undefined ? NOT_IN_ARCHIVE : [...NOT_IN_ARCHIVE, 'secret-envs'];
  const inputs = Object.fromEntries(Object.entries(build.with ?? {}).filter(([key]) => !dropped.includes(key)));
  const when = forkCondition;
  const env = forkCondition === undefined ? build.env : withoutSecrets(build.env);
  return [
    {
      name: 'Export the image as an archive',
      id: ARCHIVE_STEP_ID,
      if: when,
      uses: build.uses,
      with: {
        ...inputs,
        // One platform (the runner's) and no attestations: the docker exporter takes neither.
        outputs: `type=docker,dest=${ARCHIVE_DIR}/${file}`,
        tags: `${nameInWorkflow}:${expr('github.sha')}`,
        provenance: 'false',
        sbom: 'false',
        ...(cacheTo === undefined ? {} : { 'cache-to': cacheTo }),
      },
      env,
    },
    {
      name: 'Upload the image archive',
      if: when,
      ...actions.ref('uploadArtifact'),
      with: {
        'path': `${ARCHIVE_DIR}/${file}`,
        // The file as-is (no zip around an archive of compressed layers); the artifact is named after it.
        'archive': 'false',
        'if-no-files-found': 'error',
        'retention-days': String(artifact?._retentionDays ?? 1),
        // A re-run of the job replaces its earlier attempt's archive.
        'overwrite': 'true',
      },
    },
  ];
}

/** What the load steps read of the build job. */
export interface ArchivedBuild {
  readonly jobId: string;
}

/**
 * Download the archive of `build`, `docker load` it, and fail unless the
 * image `variable` names (the build's `archive` output) has the id or
 * manifest digest the build reported (the classic image store names an
 * image by its config digest, the containerd store by its manifest's);
 * with `localTag`, tag it so.
 */
export function archiveLoadSteps(actions: ActionResolver, build: ArchivedBuild, variable: string, localTag?: string): Step[] {
  const file = archiveFileName(build.jobId);
  const needs = `needs.${build.jobId}.outputs`;
  return [
    {
      name: `Download the image archive of job ${build.jobId}`,
      ...actions.ref('downloadArtifact'),
      with: { name: file, path: ARCHIVE_DIR },
    },
    {
      name: `Load ${variable} from the archive (image of job ${build.jobId})`,
      shell: 'bash',
      env: {
        ARCHIVE: `${ARCHIVE_DIR}/${file}`,
        BUILT_ID: expr(`${needs}.${ARCHIVE_ID_OUTPUT}`),
        BUILT_DIGEST: expr(`${needs}.${ARCHIVE_DIGEST_OUTPUT}`),
      },
      run: [
        'docker load --input "$ARCHIVE"',
        `loaded="$(docker image inspect --format '{{.Id}}' "$${variable}")"`,
        'if [ -z "$loaded" ] || { [ "$loaded" != "$BUILT_ID" ] && [ "$loaded" != "$BUILT_DIGEST" ]; }; then',
        `  echo "::error::the archive holds $${variable} as $loaded, not the image the build reported ($BUILT_ID, $BUILT_DIGEST)"`,
        '  exit 1',
        'fi',
        'rm -f "$ARCHIVE"',
        ...(localTag === undefined ? [] : [`docker tag "$${variable}" ${localTag}`]),
      ].join('\n'),
    },
  ];
}

/** `env` without the variables that carry secrets (build secrets, the token). */
export function withoutSecrets(env: { [name: string]: string } | undefined): { [name: string]: string } | undefined {
  const kept = Object.entries(env ?? {}).filter(([, value]) => !/\bsecrets\.|\bgithub\.token\b/i.test(value));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** build-push-action inputs the export does not take from the build step: it exports a file, writes no cache. */
const NOT_IN_ARCHIVE = ['push', 'load', 'tags', 'cache-to', 'outputs', 'platforms', 'provenance', 'sbom'];
