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

const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const USERNAME = /^[A-Za-z0-9._@+-]+$/;

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

  private constructor(
    /** The registry host images are pushed to (`docker.io` for Docker Hub). */
    public readonly host: string,
    /** The user name as written in the workflow (a literal or an expression). */
    public readonly username: string,
    /** The password as written in the workflow (always an expression). */
    public readonly password: string,
    /** True for GHCR, where the workflow's token needs `packages` permissions. */
    public readonly usesGitHubToken: boolean,
    private readonly problems: string[],
  ) {}

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
