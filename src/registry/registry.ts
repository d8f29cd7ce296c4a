import { checkSecretName, secretRef, show } from '../cache/cache-values';
import { splitImageName } from '../docker/image-name';

/** Credentials of Docker Hub: the NAMES of two repository secrets. */
export interface DockerHubOptions {
  /** The NAME of the secret holding the Docker Hub user name, e.g. `DOCKERHUB_USERNAME`. */
  readonly usernameSecret: string;
  /** The NAME of the secret holding a Docker Hub access token, e.g. `DOCKERHUB_TOKEN`. */
  readonly passwordSecret: string;
}

/** A registry other than GHCR and Docker Hub. */
export interface CustomRegistryOptions {
  /** The registry host, with a port if needed, e.g. `registry.example.com` or `registry.example.com:5000`. */
  readonly host: string;
  /**
   * The NAME of the secret holding the user name.
   * @default - `username` (give one of the two)
   */
  readonly usernameSecret?: string;
  /**
   * The user name, when it is not secret (e.g. a robot account's name).
   * @default - `usernameSecret` (give one of the two)
   */
  readonly username?: string;
  /** The NAME of the secret holding the password or token. */
  readonly passwordSecret: string;
}

/**
 * Amazon ECR, logged in without a long-lived secret: the job's OIDC token is
 * exchanged for AWS credentials of `roleToAssume`.
 */
export interface EcrRegistryOptions {
  /** The AWS region of the registry, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The ARN of the IAM role the workflow assumes with GitHub's OIDC token
   * (`aws-actions/configure-aws-credentials` `role-to-assume`), e.g.
   * `arn:aws:iam::123456789012:role/github-push`. Its trust policy must
   * accept `token.actions.githubusercontent.com` for this repository.
   * @see https://github.com/aws-actions/configure-aws-credentials#oidc
   */
  readonly roleToAssume: string;
  /**
   * The 12-digit account that owns the registry.
   * @default - the account of `roleToAssume`
   */
  readonly accountId?: string;
}

/**
 * Google Artifact Registry, logged in without a long-lived secret: the
 * job's OIDC token is exchanged (Workload Identity Federation) for an
 * access token of `serviceAccount`.
 */
export interface ArtifactRegistryOptions {
  /** The repository's location, e.g. `europe-west1` or the multi-region `us`: the host is `<location>-docker.pkg.dev`. */
  readonly location: string;
  /**
   * The full identifier of the Workload Identity Provider, e.g.
   * `projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo`.
   * @see https://github.com/google-github-actions/auth#inputs-workload-identity-federation
   */
  readonly workloadIdentityProvider: string;
  /** The service account that may push, e.g. `pusher@my-project.iam.gserviceaccount.com`. */
  readonly serviceAccount: string;
}

const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const USERNAME = /^[A-Za-z0-9._@+-]+$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-[0-9]+$/;
const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::([0-9]{12}):role\/[A-Za-z0-9+=,.@_/-]+$/;
const ACCOUNT_ID = /^[0-9]{12}$/;

const GCP_LOCATION = /^[a-z]+(?:-[a-z]+[0-9]+)?$/;
const WIF_PROVIDER = /^projects\/[0-9]+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+\/providers\/[a-z0-9-]+$/;
const SERVICE_ACCOUNT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/;

/** An OIDC login: AWS credentials of a role (ECR), or a Google access token of a service account (Artifact Registry). */
type OidcLogin = { readonly kind: 'aws'; readonly region: string; readonly roleToAssume: string }
| { readonly kind: 'gcp'; readonly workloadIdentityProvider: string; readonly serviceAccount: string };

/**
 * Where a {@link DockerBuildJob} pushes its image and how it logs in. The
 * build logs in only on runs that push; container jobs that run the image
 * pull it with the same credentials (`container.credentials`, where GitHub
 * allows secrets; `container.image` never holds one).
 */
export class Registry {
  /**
   * GitHub Container Registry (`ghcr.io`) with the workflow's `GITHUB_TOKEN`:
   * no secret to create. The build job gets `packages: write`, container
   * jobs `packages: read`. Images are named `ghcr.io/<owner>/<name>`.
   */
  public static ghcr(): Registry {
    return new Registry('ghcr.io', '${{ github.actor }}', '${{ secrets.GITHUB_TOKEN }}', true, []);
  }

  /**
   * Docker Hub with a user name and an access token kept in repository
   * secrets (give their NAMES). Images are named `<namespace>/<name>` or
   * `docker.io/<namespace>/<name>`.
   */
  public static dockerHub(options: DockerHubOptions): Registry {
    const o = options ?? ({} as DockerHubOptions);
    return new Registry('docker.io', secretRef(String(o.usernameSecret)), secretRef(String(o.passwordSecret)), false, [
      ...checkSecretName('registry usernameSecret', o.usernameSecret, 'DOCKERHUB_USERNAME', true),
      ...checkSecretName('registry passwordSecret', o.passwordSecret, 'DOCKERHUB_TOKEN', true),
    ]);
  }

  /**
   * Any other registry, with the NAME of the secret that holds the password
   * and either a literal user name or the NAME of a secret that holds it.
   * Images are named `<host>/<path>`.
   */
  public static custom(options: CustomRegistryOptions): Registry {
    const o = options ?? ({} as CustomRegistryOptions);
    const problems: string[] = [];
    if (typeof o.host !== 'string' || !HOST.test(o.host)) {
      problems.push(`registry host is ${show(o.host)}; give a host name with an optional port, for example "registry.example.com:5000".`);
    } else if (o.host === 'ghcr.io' || o.host === 'docker.io') {
      problems.push(`registry host "${o.host}" has its own factory; use Registry.${o.host === 'ghcr.io' ? 'ghcr()' : 'dockerHub({ usernameSecret, passwordSecret })'}.`);
    }
    if ((o.username === undefined) === (o.usernameSecret === undefined)) {
      problems.push('registry needs exactly one of username (a literal user name) and usernameSecret (the NAME of a secret holding it).');
    } else if (o.username !== undefined && (typeof o.username !== 'string' || !USERNAME.test(o.username))) {
      problems.push(`registry username is ${show(o.username)}; give the literal user name (letters, digits, ".", "_", "@", "+", "-"), or usernameSecret for a secret one.`);
    }
    problems.push(...checkSecretName('registry usernameSecret', o.usernameSecret, 'REGISTRY_USERNAME', false));
    problems.push(...checkSecretName('registry passwordSecret', o.passwordSecret, 'REGISTRY_PASSWORD', true));
    const username = o.username !== undefined ? String(o.username) : secretRef(String(o.usernameSecret));
    return new Registry(String(o.host), username, secretRef(String(o.passwordSecret)), false, problems);
  }

  /**
   * A private Amazon ECR registry, `<account>.dkr.ecr.<region>.amazonaws.com`,
   * logged in with OIDC: `aws-actions/configure-aws-credentials` assumes
   * `roleToAssume` with the job's `id-token`, then `docker/login-action`
   * logs in with those ambient credentials (it recognises ECR by the host).
   * No secret to create; the build job gets `id-token: write`. A mirror
   * only (`alsoPushTo`): container jobs pull with a user name and password,
   * which ECR does not have.
   * @see https://github.com/docker/login-action#aws-elastic-container-registry-ecr
   */
  public static ecr(options: EcrRegistryOptions): Registry {
    const o = options ?? ({} as EcrRegistryOptions);
    const problems: string[] = [];
    if (typeof o.region !== 'string' || !AWS_REGION.test(o.region)) {
      problems.push(`ECR region is ${show(o.region)}; give an AWS region such as "eu-west-1".`);
    }
    const role = typeof o.roleToAssume === 'string' ? ROLE_ARN.exec(o.roleToAssume) : null;
    if (role === null) {
      problems.push(`ECR roleToAssume is ${show(o.roleToAssume)}; give the ARN of the IAM role to assume with OIDC, for example "arn:aws:iam::123456789012:role/github-push".`);
    }
    if (o.accountId !== undefined && (typeof o.accountId !== 'string' || !ACCOUNT_ID.test(o.accountId))) {
      problems.push(`ECR accountId is ${show(o.accountId)}; give the 12 digits of the account that owns the registry, or leave it out for the role's account.`);
    }
    const account = o.accountId ?? role?.[1] ?? '000000000000';
    const region = String(o.region);
    const host = `${account}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
    return new Registry(host, '', '', false, problems, { kind: 'aws', region, roleToAssume: String(o.roleToAssume) });
  }

  /**
   * Google Artifact Registry, `<location>-docker.pkg.dev`, logged in with
   * OIDC: `google-github-actions/auth` exchanges the job's `id-token` for an
   * access token of `serviceAccount` (Workload Identity Federation), which
   * `docker/login-action` uses as the password of `oauth2accesstoken`. No
   * secret to create; the build job gets `id-token: write`. A mirror only
   * (`alsoPushTo`), like {@link ecr}.
   * @see https://github.com/docker/login-action#google-artifact-registry-gar
   */
  public static googleArtifactRegistry(options: ArtifactRegistryOptions): Registry {
    const o = options ?? ({} as ArtifactRegistryOptions);
    const problems: string[] = [];
    if (typeof o.location !== 'string' || !GCP_LOCATION.test(o.location)) {
      problems.push(`Artifact Registry location is ${show(o.location)}; give a location such as "europe-west1" or "us".`);
    }
    if (typeof o.workloadIdentityProvider !== 'string' || !WIF_PROVIDER.test(o.workloadIdentityProvider)) {
      problems.push(`Artifact Registry workloadIdentityProvider is ${show(o.workloadIdentityProvider)}; give the provider's full identifier, ` +
        'for example "projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo".');
    }
    if (typeof o.serviceAccount !== 'string' || !SERVICE_ACCOUNT.test(o.serviceAccount)) {
      problems.push(`Artifact Registry serviceAccount is ${show(o.serviceAccount)}; give the service account's email, for example "pusher@my-project.iam.gserviceaccount.com".`);
    }
    return new Registry(`${String(o.location)}-docker.pkg.dev`, '', '', false, problems,
      { kind: 'gcp', workloadIdentityProvider: String(o.workloadIdentityProvider), serviceAccount: String(o.serviceAccount) });
  }

  private constructor(
    /** The registry host images are pushed to (`docker.io` for Docker Hub). */
    public readonly host: string,
    /** The user name as written in the workflow (a literal or an expression; empty for an OIDC registry). */
    public readonly username: string,
    /** The password as written in the workflow (always an expression; empty for an OIDC registry). */
    public readonly password: string,
    /** True for GHCR, where the workflow's token needs `packages` permissions. */
    public readonly usesGitHubToken: boolean,
    private readonly problems: string[],
    private readonly oidc?: OidcLogin,
  ) {}

  /** True when the login exchanges the job's OIDC token for cloud credentials (no secret; `id-token: write`). */
  public get usesOidc(): boolean {
    return this.oidc !== undefined;
  }

  /** The AWS role and region of an OIDC login (Registry.ecr()). @internal */
  public get _awsLogin(): { readonly region: string; readonly roleToAssume: string } | undefined {
    return this.oidc?.kind === 'aws' ? this.oidc : undefined;
  }

  /** The provider and service account of an OIDC login (Registry.googleArtifactRegistry()). @internal */
  public get _gcpLogin(): { readonly workloadIdentityProvider: string; readonly serviceAccount: string } | undefined {
    return this.oidc?.kind === 'gcp' ? this.oidc : undefined;
  }

  /** True when `other` logs in to the same host the same way. @internal */
  public _sameLogin(other: Registry): boolean {
    return this.host === other.host && this.username === other.username && this.password === other.password
      && JSON.stringify(this.oidc ?? null) === JSON.stringify(other.oidc ?? null);
  }

  /** The `registry` input of `docker/login-action` (empty for Docker Hub, its default). */
  public get loginServer(): string | undefined {
    return this.host === 'docker.io' ? undefined : this.host;
  }

  /** A human name for messages and step names. */
  public get displayName(): string {
    return this.host === 'docker.io' ? 'Docker Hub' : this.host;
  }

  /**
   * Problems with the registry's options and with `image` as a name on it,
   * each saying how to fix it.
   */
  public validate(image?: string): string[] {
    const problems = [...this.problems];
    if (image === undefined || problems.length > 0) {
      return problems;
    }
    const { registry, path } = splitImageName(image);
    if (registry !== this.host) {
      const example = this.host === 'docker.io' ? `my-org/${path.split('/').pop()}` : `${this.host}/my-org/${path.split('/').pop()}`;
      problems.push(`image "${image}" is not on ${this.displayName}, where the build logs in; name it "${example}", or pass the registry it belongs to.`);
    } else if (this.host === 'docker.io' && (path.split('/').length !== 2 || path.startsWith('library/'))) {
      problems.push(`image "${image}" is not a Docker Hub repository you can push to; Docker Hub names are <namespace>/<name>, for example "my-org/${path.split('/').pop()}".`);
    }
    return problems;
  }
}
