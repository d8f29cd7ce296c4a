import { CacheMode } from './cache-mode';
import { checkBoolean, checkCsvValue, checkDuration, checkInteger, checkSecretName, csv, secretRef, show } from './cache-values';
import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';

/** Options of an Amazon S3 (or S3-compatible) cache. */
export interface S3CacheOptions {
  /** The bucket (`bucket=`). */
  readonly bucket: string;
  /** The bucket's region (`region=`), e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The cache's name in the bucket (`name=`); give each image its own.
   * @default - the scope derived from the image name, e.g. `owner-app`
   */
  readonly name?: string;
  /**
   * A prefix for every object the cache writes (`prefix=`), e.g. `buildx/`.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * The endpoint of an S3-compatible service (`endpoint_url=`), e.g. MinIO or R2.
   * @default - Amazon S3
   */
  readonly endpointUrl?: string;
  /**
   * Address the bucket in the path instead of the host name (`use_path_style=true`).
   * @default false
   */
  readonly usePathStyle?: boolean;
  /**
   * How often unchanged layers get their timestamp refreshed (`touch_refresh=`, a Go duration).
   * @default - BuildKit's default, 24h
   */
  readonly touchRefresh?: string;
  /**
   * Parallel layer uploads (`upload_parallelism=`).
   * @default - BuildKit's default, 4
   */
  readonly uploadParallelism?: number;
  /**
   * The NAME of the secret holding the access key id, passed to the build
   * step as `AWS_ACCESS_KEY_ID` (Buildx hands it to BuildKit). Leave all
   * three secrets out when an earlier step (e.g. OIDC with
   * `aws-actions/configure-aws-credentials`) already exported credentials.
   * @default - credentials from the environment
   */
  readonly accessKeyIdSecret?: string;
  /**
   * The NAME of the secret holding the secret access key (`AWS_SECRET_ACCESS_KEY`).
   * @default - credentials from the environment
   */
  readonly secretAccessKeySecret?: string;
  /**
   * The NAME of the secret holding a session token (`AWS_SESSION_TOKEN`).
   * @default - none
   */
  readonly sessionTokenSecret?: string;
  /**
   * Keep a failed cache export from failing the build.
   * @default true
   */
  readonly ignoreError?: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]+$/;
const URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?\/?$/;

/**
 * A cache in an Amazon S3 bucket or an S3-compatible store (`type=s3`,
 * experimental in BuildKit). Credentials come from secrets by NAME and
 * reach Buildx as environment variables of the build step, never inside
 * the `cache-from`/`cache-to` strings.
 *
 * @see https://docs.docker.com/build/cache/backends/s3/
 */
export class S3Cache implements IDockerCache {
  /** Exports every layer, intermediate stages included (`mode=max`). */
  public static max(options: S3CacheOptions): S3Cache {
    return new S3Cache(CacheMode.MAX, options);
  }

  /** Exports only the final image's layers (`mode=min`). */
  public static min(options: S3CacheOptions): S3Cache {
    return new S3Cache(CacheMode.MIN, options);
  }

  private readonly options: S3CacheOptions;

  private constructor(
    /** What the export keeps. */
    public readonly mode: CacheMode,
    options: S3CacheOptions,
  ) {
    this.options = options ?? ({} as S3CacheOptions);
  }

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const o = this.options;
    const name = o.name ?? bindOptions.defaultScope;
    const location: Array<readonly [string, string | number | boolean | undefined]> = [
      ['region', o.region],
      ['bucket', o.bucket],
      ['name', name],
      ['prefix', o.prefix],
      ['endpoint_url', o.endpointUrl],
      ['use_path_style', o.usePathStyle === true ? true : undefined],
    ];
    const env: { [name: string]: string } = {};
    for (const [variable, secret] of [
      ['AWS_ACCESS_KEY_ID', o.accessKeyIdSecret],
      ['AWS_SECRET_ACCESS_KEY', o.secretAccessKeySecret],
      ['AWS_SESSION_TOKEN', o.sessionTokenSecret],
    ] as const) {
      if (secret !== undefined) {
        env[variable] = secretRef(secret);
      }
    }
    return {
      cacheFrom: [csv('s3', location)],
      cacheTo: [csv('s3', [
        ...location,
        ['mode', this.mode],
        ['touch_refresh', o.touchRefresh],
        ['upload_parallelism', o.uploadParallelism],
        ['ignore-error', (o.ignoreError ?? true) ? true : undefined],
      ])],
      sharedAcrossBranches: true,
      writeKey: `s3 cache "${o.endpointUrl ?? 's3'}/${o.bucket}/${o.prefix ?? ''}${name}"`,
      writeKeyFix: 'give each image its own name, e.g. S3Cache.max({ ..., name: \'<image>\' })',
      buildEnv: Object.keys(env).length > 0 ? env : undefined,
    };
  }

  public validate(): string[] {
    const o = this.options;
    const problems: string[] = [];
    if (typeof o.bucket !== 'string' || !BUCKET.test(o.bucket)) {
      problems.push(`cache bucket is ${show(o.bucket)}; give the S3 bucket name (3-63 lowercase letters, digits, "." and "-"), for example "my-build-cache".`);
    }
    if (typeof o.region !== 'string' || !REGION.test(o.region)) {
      problems.push(`cache region is ${show(o.region)}; give the bucket's region, for example "eu-west-1".`);
    }
    problems.push(...checkCsvValue('cache name', o.name, 'my-app'));
    problems.push(...checkCsvValue('cache prefix', o.prefix, 'buildx/'));
    if (o.endpointUrl !== undefined && (typeof o.endpointUrl !== 'string' || !URL.test(o.endpointUrl))) {
      problems.push(`cache endpointUrl is ${show(o.endpointUrl)}; give the service's base URL, for example "https://minio.example.com:9000".`);
    }
    problems.push(...checkBoolean('cache usePathStyle', o.usePathStyle));
    problems.push(...checkBoolean('cache ignoreError', o.ignoreError));
    problems.push(...checkDuration('cache touchRefresh', o.touchRefresh, '24h'));
    problems.push(...checkInteger('cache uploadParallelism', o.uploadParallelism, 1, 64));
    problems.push(...checkSecretName('cache accessKeyIdSecret', o.accessKeyIdSecret, 'AWS_ACCESS_KEY_ID', false));
    problems.push(...checkSecretName('cache secretAccessKeySecret', o.secretAccessKeySecret, 'AWS_SECRET_ACCESS_KEY', false));
    problems.push(...checkSecretName('cache sessionTokenSecret', o.sessionTokenSecret, 'AWS_SESSION_TOKEN', false));
    if ((o.accessKeyIdSecret === undefined) !== (o.secretAccessKeySecret === undefined)) {
      problems.push('cache accessKeyIdSecret and secretAccessKeySecret go together; give both, or neither to use credentials an earlier step exported.');
    }
    return problems;
  }
}
