/**
 * One build pushed to several registries (`alsoPushTo`): every image name
 * gets the commit tag and the build's own tags, each registry host is logged
 * in to once and only on runs that push, an ECR mirror logs in with OIDC
 * (`id-token: write` only then), and the consumers still get the primary
 * image's `<name>@<digest>`.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, ImageMirror, PermissionLevel, PlatformStrategy, Registry, ReleaseTag, ReuseUnchanged, Workflow } from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, simulateRun } from '../support/simulate';
import { tempProject, validationProblems } from '../support/synth';

type Step = { id?: string; name?: string; if?: string; uses?: string; env?: { [k: string]: string }; with?: { [k: string]: string } };
type Jobs = { [id: string]: { permissions?: { [k: string]: string }; steps: Step[] } };

const TRIGGERS = { push: { branches: ['main'] }, pullRequest: {} };
const HUB = Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' });
const ROLE = 'arn:aws:iam::123456789012:role/github-push';
const ECR_HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function synthesize(alsoPushTo: ImageMirror[], extra: object = {}): string {
  const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), alsoPushTo, ...extra });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci.toYaml();
}

function jobsOf(yaml: string): Jobs {
  return (YAML.parse(yaml) as { jobs: Jobs }).jobs;
}

const buildStep = (jobs: Jobs) => jobs.build.steps.find((s) => s.id === 'build')!;
const loginSteps = (jobs: Jobs) => jobs.build.steps.filter((s) => /docker\/login-action|configure-aws-credentials/.test(s.uses ?? ''));

describe('a build pushed to GHCR, Docker Hub and ECR', () => {
  const yaml = synthesize([
    { image: 'acme/app', registry: HUB },
    { image: `${ECR_HOST}/acme/app`, registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }) },
  ], { tags: [ReleaseTag.latestOnDefaultBranch()] });
  const jobs = jobsOf(yaml);

  test('every name gets the commit tag and the same own tags (metadata-action, one image a line)', () => {
    expect(buildStep(jobs).with!.tags.split('\n')).toEqual([
      'ghcr.io/acme/app:${{ github.sha }}', 'acme/app:${{ github.sha }}', `${ECR_HOST}/acme/app:\${{ github.sha }}`, '${{ steps.meta.outputs.tags }}',
    ]);
    expect(jobs.build.steps.find((s) => s.id === 'meta')!.with!.images).toBe(`ghcr.io/acme/app\nacme/app\n${ECR_HOST}/acme/app`);
  });

  test('each registry logged in to once; ECR with OIDC credentials that reach the login step only', () => {
    expect(loginSteps(jobs).map((s) => [s.name, s.with])).toEqual([
      ['Log in to ghcr.io', { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }],
      ['Log in to Docker Hub', { username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' }],
      [`AWS credentials for ${ECR_HOST}`, { 'role-to-assume': ROLE, 'aws-region': 'eu-west-1', 'output-credentials': 'true', 'output-env-credentials': 'false' }],
      [`Log in to ${ECR_HOST}`, { registry: ECR_HOST }],
    ]);
    expect(loginSteps(jobs)[3].env).toEqual({
      AWS_ACCESS_KEY_ID: '${{ steps.aws_credentials.outputs.aws-access-key-id }}',
      AWS_SECRET_ACCESS_KEY: '${{ steps.aws_credentials.outputs.aws-secret-access-key }}',
      AWS_SESSION_TOKEN: '${{ steps.aws_credentials.outputs.aws-session-token }}',
    });
    // The build step never sees the AWS credentials.
    expect(buildStep(jobs).env).toBeUndefined();
  });

  test('the logins run on pushes and same-repository pull requests, never on a fork\'s', () => {
    const runs = (headRepository?: string) => loginSteps(jobs).map((s) => evaluateCondition(s.if, {
      contexts: runContexts({ eventName: headRepository === undefined ? 'push' : 'pull_request', repository: 'acme/app', headRepository, digest: '' }),
    }));
    expect(runs()).toEqual([true, true, true, true]);
    expect(runs('acme/app')).toEqual([true, true, true, true]);
    expect(runs('someone/app')).toEqual([false, false, false, false]);
  });

  test('permissions: packages: write for GHCR, id-token: write for ECR; the test job reads only', () => {
    expect(jobs.build.permissions).toEqual({ 'contents': 'read', 'id-token': 'write', 'packages': 'write' });
    expect(jobs.test.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  test('the consumers get the primary image by digest', () => {
    const run = simulateRun(yaml, { eventName: 'push', repository: 'acme/app', digest: DIGEST });
    expect(run.builds.build.image).toBe(`ghcr.io/acme/app@${DIGEST}`);
    expect(run.consumers.test).toEqual({ runs: true, image: `ghcr.io/acme/app@${DIGEST}` });
  });

  test('judged clean', async () => {
    await expectValidWorkflow(yaml);
  });
});

describe('logins and permissions by registry', () => {
  test('no OIDC registry, no id-token; two mirrors on one host, one login', async () => {
    const yaml = synthesize([{ image: 'ghcr.io/acme/app-public' }, { image: 'ghcr.io/acme/app-mirror', registry: Registry.ghcr() }]);
    const jobs = jobsOf(yaml);
    expect(loginSteps(jobs).map((s) => s.name)).toEqual(['Log in to ghcr.io']);
    expect(jobs.build.permissions).toEqual({ contents: 'read', packages: 'write' });
    await expectValidWorkflow(yaml);
  });

  test('a Docker Hub build with a GHCR mirror gets packages: write for the mirror', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    const image = new DockerBuildJob(ci, 'build', { image: 'acme/app', registry: HUB, alsoPushTo: [{ image: 'ghcr.io/acme/app' }] });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
    const yaml = ci.toYaml();
    expect(jobsOf(yaml).build.permissions).toEqual({ contents: 'read', packages: 'write' });
    await expectValidWorkflow(yaml);
  });

  test('lowering id-token below what the ECR login needs is refused', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', {
      image: 'ghcr.io/acme/app',
      alsoPushTo: [{ image: `${ECR_HOST}/app`, registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }) }],
      permissions: { idToken: PermissionLevel.NONE },
    });
    expect(validationProblems(ci).join('\n')).toContain(`(to log in to ${ECR_HOST} with OIDC and push ${ECR_HOST}/app)`);
  });

  test('two ECR registries: two credential steps with their own ids', () => {
    const yaml = synthesize([
      { image: `${ECR_HOST}/app`, registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }) },
      { image: '210987654321.dkr.ecr.us-east-1.amazonaws.com/app', registry: Registry.ecr({ region: 'us-east-1', roleToAssume: 'arn:aws:iam::210987654321:role/push' }) },
    ]);
    const steps = loginSteps(jobsOf(yaml));
    expect(steps.map((s) => s.id).filter((id) => id !== undefined)).toEqual(['aws_credentials', 'aws_credentials_2']);
    expect(steps[4].env!.AWS_SESSION_TOKEN).toBe('${{ steps.aws_credentials_2.outputs.aws-session-token }}');
  });
});

describe('a mirror pushed only when a condition holds (when)', () => {
  const MAIN = "github.ref == 'refs/heads/main'";
  const yaml = synthesize([
    { image: 'acme/app', registry: HUB, when: MAIN },
    { image: `${ECR_HOST}/acme/app`, registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }), when: `\${{ ${MAIN} }}` },
  ], { tags: [ReleaseTag.latestOnDefaultBranch()] });
  const jobs = jobsOf(yaml);
  const ctx = (ref: string, headRepository?: string) => ({
    contexts: runContexts({ eventName: headRepository === undefined ? 'push' : 'pull_request', repository: 'acme/app', headRepository, digest: '', ref }),
  });

  test('its commit tag line is empty, its metadata image disabled, and its login skipped where the condition is false', () => {
    const tags = buildStep(jobs).with!.tags.split('\n').filter((t) => t !== '${{ steps.meta.outputs.tags }}');
    const images = jobs.build.steps.find((s) => s.id === 'meta')!.with!.images.split('\n');
    expect(images).toEqual(['ghcr.io/acme/app', `name=acme/app,enable=\${{ ${MAIN} }}`, `name=${ECR_HOST}/acme/app,enable=\${{ ${MAIN} }}`]);
    const on = (ref: string, headRepository?: string) => ({
      tags: tags.map((t) => evaluateString(t, ctx(ref, headRepository))).filter((t) => t !== ''),
      images: images.map((i) => evaluateString(i, ctx(ref, headRepository))),
      logins: loginSteps(jobs).map((st) => evaluateCondition(st.if, ctx(ref, headRepository))),
    });
    const sha = 'a'.repeat(40);
    expect(on('refs/heads/main')).toEqual({
      tags: [`ghcr.io/acme/app:${sha}`, `acme/app:${sha}`, `${ECR_HOST}/acme/app:${sha}`],
      images: ['ghcr.io/acme/app', 'name=acme/app,enable=true', `name=${ECR_HOST}/acme/app,enable=true`],
      logins: [true, true, true, true],
    });
    expect(on('refs/heads/feature')).toEqual({
      tags: [`ghcr.io/acme/app:${sha}`],
      images: ['ghcr.io/acme/app', 'name=acme/app,enable=false', `name=${ECR_HOST}/acme/app,enable=false`],
      logins: [true, false, false, false],
    });
    expect(on('refs/pull/7/merge', 'someone/app').logins).toEqual([false, false, false, false]);
  });

  test('a host shared with an unconditional image is always logged in to; the fork fallback has no login; judged clean', async () => {
    const shared = synthesize([{ image: 'ghcr.io/acme/app-public', when: MAIN }]);
    expect(loginSteps(jobsOf(shared)).map((st) => st.if)).toEqual(["github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository"]);
    expect(jobs.build_fork.steps.filter((st) => /login-action|configure-aws/.test(st.uses ?? ''))).toEqual([]);
    await expectValidWorkflow(yaml);
    await expectValidWorkflow(shared);
  });

  test('an empty condition is refused', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', alsoPushTo: [{ image: 'ghcr.io/acme/app-public', when: ' ' }] });
    expect(validationProblems(ci)).toEqual([
      'ci/build: alsoPushTo[0].when is " "; give an expression such as "github.ref == \'refs/heads/main\'", or leave it out.',
    ]);
  });
});

describe('Registry.ecr()', () => {
  test('the host: the role\'s account unless accountId is given; China regions on amazonaws.com.cn', () => {
    expect(Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }).host).toBe(ECR_HOST);
    expect(Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE, accountId: '999999999999' }).host).toBe('999999999999.dkr.ecr.eu-west-1.amazonaws.com');
    expect(Registry.ecr({ region: 'cn-north-1', roleToAssume: 'arn:aws-cn:iam::123456789012:role/push' }).host).toBe('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
    expect(Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }).usesOidc).toBe(true);
    expect(Registry.ghcr().usesOidc).toBe(false);
  });

  test('bad options, each with a fix', () => {
    expect(Registry.ecr({ region: 'Europe', roleToAssume: 'github-push', accountId: '123' }).validate()).toEqual([
      'ECR region is "Europe"; give an AWS region such as "eu-west-1".',
      'ECR roleToAssume is "github-push"; give the ARN of the IAM role to assume with OIDC, for example "arn:aws:iam::123456789012:role/github-push".',
      'ECR accountId is "123"; give the 12 digits of the account that owns the registry, or leave it out for the role\'s account.',
    ]);
  });

  test('as the build\'s own registry it is refused: container jobs pull with a password', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: `${ECR_HOST}/app`, registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }) });
    expect(validationProblems(ci)).toEqual([
      `ci/build: registry is ${ECR_HOST}, logged in with OIDC, but container jobs pull the build's image with a user name and password, which it does not have; ` +
        'push to GHCR (or another registry with a password) and add this one to alsoPushTo.',
    ]);
  });
});

describe('Registry.googleArtifactRegistry()', () => {
  const WIF = 'projects/123456789/locations/global/workloadIdentityPools/github/providers/acme-app';
  const SA = 'pusher@acme-prod.iam.gserviceaccount.com';
  const GAR_IMAGE = 'europe-west1-docker.pkg.dev/acme-prod/images/app';

  test('an access token with OIDC, no credentials file in the workspace, the password of oauth2accesstoken; judged clean', async () => {
    const yaml = synthesize([{ image: GAR_IMAGE, registry: Registry.googleArtifactRegistry({ location: 'europe-west1', workloadIdentityProvider: WIF, serviceAccount: SA }) }]);
    const jobs = jobsOf(yaml);
    const steps = jobs.build.steps.filter((s) => /docker\/login-action|google-github-actions\/auth/.test(s.uses ?? ''));
    expect(steps.map((s) => [s.name, s.id, s.with])).toEqual([
      ['Log in to ghcr.io', undefined, { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }],
      ['Google access token for europe-west1-docker.pkg.dev', 'google_auth', {
        workload_identity_provider: WIF, service_account: SA, token_format: 'access_token', create_credentials_file: 'false', export_environment_variables: 'false',
      }],
      ['Log in to europe-west1-docker.pkg.dev', undefined, { registry: 'europe-west1-docker.pkg.dev', username: 'oauth2accesstoken', password: '${{ steps.google_auth.outputs.access_token }}' }],
    ]);
    expect(steps.every((s) => s.if === "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository")).toBe(true);
    expect(jobs.build.permissions).toEqual({ 'contents': 'read', 'id-token': 'write', 'packages': 'write' });
    expect(buildStep(jobs).with!.tags.split('\n')).toEqual(['ghcr.io/acme/app:${{ github.sha }}', `${GAR_IMAGE}:\${{ github.sha }}`]);
    await expectValidWorkflow(yaml);
  });

  test('bad options, each with a fix', () => {
    expect(Registry.googleArtifactRegistry({ location: 'Europe West', workloadIdentityProvider: 'github', serviceAccount: 'pusher' }).validate()).toEqual([
      'Artifact Registry location is "Europe West"; give a location such as "europe-west1" or "us".',
      'Artifact Registry workloadIdentityProvider is "github"; give the provider\'s full identifier, for example "projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo".',
      'Artifact Registry serviceAccount is "pusher"; give the service account\'s email, for example "pusher@my-project.iam.gserviceaccount.com".',
    ]);
    expect(Registry.googleArtifactRegistry({ location: 'us', workloadIdentityProvider: WIF, serviceAccount: SA }).host).toBe('us-docker.pkg.dev');
  });
});

describe('mirrors that are refused', () => {
  function problems(alsoPushTo: unknown, extra: object = {}): string[] {
    const ci = new Workflow(tempProject(), 'ci', { triggers: TRIGGERS });
    new DockerBuildJob(ci, 'build', { image: 'acme/app', registry: HUB, alsoPushTo: alsoPushTo as ImageMirror[], ...extra });
    return validationProblems(ci);
  }

  test('not a list, not a mirror, not a registry', () => {
    expect(problems([])).toEqual([
      "ci/build: alsoPushTo is []; give the other image names to push, e.g. [{ image: 'docker.io/acme/app', registry: Registry.dockerHub({ ... }) }], or leave it out.",
    ]);
    expect(problems(['ghcr.io/acme/app', { image: 'ghcr.io/acme/x', registry: 'ghcr' }])).toEqual([
      "ci/build: alsoPushTo[0] is \"ghcr.io/acme/app\"; give { image: '<registry>/<name>', registry: Registry.xxx(...) }.",
      'ci/build: alsoPushTo[1].registry is "ghcr"; pass Registry.ghcr(), .dockerHub({ ... }), .ecr({ ... }), .googleArtifactRegistry({ ... }) or .custom({ ... }).',
    ]);
  });

  test('a name not on its registry, or not a literal image name', () => {
    expect(problems([{ image: 'quay.io/acme/app' }, { image: 'acme/app2', registry: Registry.ecr({ region: 'eu-west-1', roleToAssume: ROLE }) }, { image: 'ghcr.io/${{ github.repository }}' }])).toEqual([
      "ci/build: alsoPushTo[0]: image \"quay.io/acme/app\" is not on GHCR, where the mirror logs in with the workflow's GITHUB_TOKEN; name it ghcr.io/<owner>/<name>, or pass the registry it belongs to.",
      `ci/build: alsoPushTo[1]: image "acme/app2" is not on ${ECR_HOST}, where the build logs in; name it "${ECR_HOST}/my-org/app2", or pass the registry it belongs to.`,
      'ci/build: alsoPushTo[2]: image "ghcr.io/${{ github.repository }}" contains an expression; give a literal name so it can be checked and lowercased at synth time.',
    ]);
  });

  test('the build\'s own image (also in its long form), or one mirror twice', () => {
    expect(problems([{ image: 'docker.io/acme/app', registry: HUB }, { image: 'ghcr.io/acme/app' }, { image: 'ghcr.io/acme/app', registry: Registry.ghcr() }])).toEqual([
      'ci/build: alsoPushTo[0] is "docker.io/acme/app", the build\'s own image; list only other image names.',
      'ci/build: alsoPushTo[2] is "ghcr.io/acme/app", already alsoPushTo[1]; list each image once.',
    ]);
  });

  test('one host with two logins', () => {
    const other = Registry.dockerHub({ usernameSecret: 'HUB_BOT_USER', passwordSecret: 'HUB_BOT_TOKEN' });
    expect(problems([{ image: 'acme/app-mirror', registry: other }])).toEqual([
      "ci/build: alsoPushTo[0] logs in to Docker Hub with other credentials than the build's registry; a job holds one login per registry host, so use the same Registry for every image on that host.",
    ]);
  });

  test('with native runners, and with reuseUnchanged', () => {
    expect(problems([{ image: 'ghcr.io/acme/app' }], { platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(), cache: GhaCache.max() })).toEqual([
      "ci/build: alsoPushTo is not available with PlatformStrategy.nativeRunners() (the platform legs push to the build's own image only); use PlatformStrategy.emulated(), or leave alsoPushTo out.",
    ]);
    expect(problems([{ image: 'ghcr.io/acme/app' }], { reuseUnchanged: ReuseUnchanged.whenFilesMatch(['Dockerfile']) })).toEqual([
      'ci/build: alsoPushTo with reuseUnchanged would leave the mirrors without the image on runs that reuse it (nothing is pushed then); leave one of the two out.',
    ]);
  });

  test('a step of the user\'s with the credentials step\'s id', () => {
    expect(problems([{ image: 'ghcr.io/acme/app' }], { preBuildSteps: [{ id: 'aws_credentials', run: 'true' }] })).toEqual([
      'ci/build: preBuildSteps[0] has the id "aws_credentials", which the build job uses for its own step; give your step another id.',
    ]);
  });
});
