import { Job, JobProps } from './job';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import { textProblems } from './step-validation';
import type { ActionKey } from '../actions/action-table';
import { IDockerCache } from '../cache/docker-cache';
import { cacheScopeFor, validateImageName } from '../docker/image-name';
import { addProblemCheck } from '../validation/collect-problems';
import { CAN_PUSH, expr, literal } from '../workflow/expressions';
import type { Workflow } from '../workflow/workflow';
import type { JobModel, StepModel } from '../workflow/workflow-model';

/** Options of a {@link DockerBuildJob}. */
export interface DockerBuildJobProps extends JobProps {
  /**
   * The image to build and push, lowercase, without tag or digest
   * (e.g. `ghcr.io/my-org/my-app`). Images go to GHCR with the workflow's
   * `GITHUB_TOKEN`, so the name starts with `ghcr.io/<owner>/`.
   */
  readonly image: string;
  /**
   * The build context. Without one, BuildKit would build from the Git
   * context and ignore files changed by earlier steps.
   * @default '.'
   */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the repository root.
   * @default - `Dockerfile` inside the context
   */
  readonly file?: string;
  /**
   * The layer cache (e.g. `GhaCache.max()`).
   * @default - no cache: every run builds from scratch
   */
  readonly cache?: IDockerCache;
}

/** The registry the build pushes to with the workflow's `GITHUB_TOKEN`. */
const GHCR = 'ghcr.io';

/**
 * A job that builds a Docker image with Buildx, caches its layers, pushes it
 * and hands the exact pushed image (`name@sha256:...`) to the jobs that run in
 * it.
 *
 * The push is skipped on pull requests from forks (their token is
 * read-only); the image output is then empty and consumers skip themselves.
 */
export class DockerBuildJob extends Job {
  /** The name of the job output that holds `<image>@<digest>`. */
  public static readonly IMAGE_OUTPUT = 'image';

  /** The image name as given (lowercase, without tag). */
  public readonly imageName: string;
  private readonly props: DockerBuildJobProps;

  constructor(workflow: Workflow, id: string, props: DockerBuildJobProps) {
    super(workflow, id, props);
    this.props = props ?? ({} as DockerBuildJobProps);
    this.imageName = this.props.image;
    addProblemCheck(this, () => this.validateBuild());
  }

  /**
   * The expression a job that `needs` this one uses to read the pushed image,
   * without `${{ }}`: `needs.<id>.outputs.image`.
   */
  public get imageExpression(): string {
    return `needs.${this.jobId}.outputs.${DockerBuildJob.IMAGE_OUTPUT}`;
  }

  /** The scope/ref the cache writes to, for collision checks across jobs. @internal */
  public _cacheWriteKey(): string | undefined {
    if (validateImageName(this.imageName).length > 0 || typeof this.props.cache?.bind !== 'function') {
      return undefined;
    }
    return this.props.cache?.bind(this.cacheBindOptions()).writeKey;
  }

  /** @internal */
  public _permissionRequirements(): PermissionRequirement[] {
    const build = `DockerBuildJob "${this.jobId}"`;
    return [
      { scope: 'contents', level: PermissionLevel.READ, neededBy: `${build} (checkout)` },
      { scope: 'packages', level: PermissionLevel.WRITE, neededBy: `${build} (to push ${this.imageName} to ${GHCR})` },
    ];
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    return ['checkout', 'setupBuildx', 'login', 'buildPush'];
  }

  /** @internal */
  public _toModel(): JobModel {
    const actions = this.workflow._actions;
    const cache = this.props.cache?.bind(this.cacheBindOptions());
    const build: StepModel = {
      name: 'Build and push image',
      id: 'build',
      ...actions.ref('buildPush'),
      with: omitUndefined({
        'context': this.props.context ?? '.',
        'file': this.props.file,
        'push': expr(CAN_PUSH),
        'tags': `${this.imageName}:${expr('github.sha')}`,
        'cache-from': cache?.cacheFrom.join('\n'),
        'cache-to': cache?.cacheTo?.join('\n'),
      }),
    };
    return {
      ...this._commonModel(),
      // Empty unless the image was pushed: consumers test for '' so they never run on the bare host.
      outputs: {
        [DockerBuildJob.IMAGE_OUTPUT]: expr(`(${CAN_PUSH}) && steps.build.outputs.digest != '' && format('{0}@{1}', ${literal(this.imageName)}, steps.build.outputs.digest) || ''`),
      },
      timeoutMinutes: this._timeoutMinutes(60),
      steps: [
        { name: 'Check out repository', ...actions.ref('checkout'), with: { 'persist-credentials': 'false' } },
        { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
        {
          name: `Log in to ${GHCR}`,
          if: CAN_PUSH,
          ...actions.ref('login'),
          with: { registry: GHCR, username: expr('github.actor'), password: expr('secrets.GITHUB_TOKEN') },
        },
        build,
      ],
    };
  }

  private cacheBindOptions() {
    return { imageName: this.imageName, defaultScope: cacheScopeFor(this.imageName) };
  }

  private validateBuild(): string[] {
    const problems = validateImageName(this.imageName);
    if (problems.length === 0 && !this.imageName.startsWith(`${GHCR}/`)) {
      problems.push(`image "${this.imageName}" is not on GHCR; the build logs in to ghcr.io with the workflow's GITHUB_TOKEN, so name it ghcr.io/<owner>/<name>.`);
    }
    for (const [key, value] of [['context', this.props.context], ['file', this.props.file]] as const) {
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        problems.push(`${key} is empty; give a path relative to the repository root or leave it out.`);
      } else {
        problems.push(...textProblems([[key, value]], ''));
      }
    }
    const cache = this.props.cache as unknown;
    if (cache !== undefined && (cache === null || typeof (cache as IDockerCache).bind !== 'function' || typeof (cache as IDockerCache).validate !== 'function')) {
      problems.push(`cache is ${JSON.stringify(cache) ?? String(cache)}; pass a cache backend such as GhaCache.max(), or leave it out to build without a cache.`);
    } else {
      problems.push(...(this.props.cache?.validate() ?? []));
    }
    return problems;
  }
}

function omitUndefined(map: { [key: string]: string | undefined }): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result;
}
