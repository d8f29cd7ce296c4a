/**
 * Maps the workflow model to GitHub's key names in a fixed, hand-written
 * order. The output is plain data for the YAML emitter: this file knows
 * GitHub's schema, not YAML and not Docker.
 */
import { CommentedMap, CommentedScalar, LazyMap, YamlValue } from './yaml-emitter';
import { TrustedTrigger } from '../workflow/workflow-model';
import type { ContainerModel, DefaultsModel, JobModel, PermissionsModel, ServiceModel, StepModel, StrategyModel, WorkflowModel } from '../workflow/workflow-model';

type YamlMap = { [key: string]: YamlValue | undefined };

/** Scopes in the order GitHub's docs list them; unknown scopes follow, sorted. */
const PERMISSION_ORDER = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues',
  'models', 'packages', 'pages', 'pull-requests', 'security-events', 'statuses',
];

/**
 * The workflow as plain data with GitHub's keys. With `lazyJobs`, `jobs` is a
 * {@link LazyMap} that renders each job only when the emitter writes it, so
 * the rendered jobs of a large workflow are never all alive at once (less
 * for the garbage collector to copy); the text is the same.
 */
export function renderWorkflow(model: WorkflowModel, lazyJobs = false, finish: (id: string, job: YamlMap) => YamlMap = (_id, job) => job): YamlMap {
  let jobs: YamlMap | LazyMap;
  if (lazyJobs) {
    // The same keys, order and last-one-wins as assigning them to an object.
    const indexOf: { [id: string]: number } = {};
    model.jobs.forEach(([id], i) => {
      indexOf[id] = i;
    });
    const ids = Object.keys(indexOf);
    jobs = new LazyMap(ids, (i) => finish(ids[i], renderJob(model.jobs[indexOf[ids[i]]][1])));
  } else {
    jobs = {};
    for (const [id, job] of model.jobs) {
      jobs[id] = finish(id, renderJob(job));
    }
  }
  return {
    'name': model.name,
    'run-name': model.runName,
    'on': plain(model.on),
    'permissions': renderPermissions(model.permissions),
    'concurrency': model.concurrency && { 'group': model.concurrency.group, 'cancel-in-progress': model.concurrency.cancelInProgress },
    'env': copyMap(model.env),
    'defaults': model.defaults && renderDefaults(model.defaults),
    'jobs': jobs,
  };
}

/** A copy of plain data (the `on:` map), `undefined` members dropped by the emitter. */
function plain(value: unknown): YamlValue {
  if (value instanceof TrustedTrigger) {
    return new CommentedMap(plain(value.filters) as YamlMap, `zizmor: ignore[dangerous-triggers] ${value.trustedBecause}`);
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value !== null && typeof value === 'object') {
    const result: YamlMap = {};
    for (const [key, member] of Object.entries(value)) {
      result[key] = member === undefined ? undefined : plain(member);
    }
    return result;
  }
  return value as YamlValue;
}

/** A label, a list of labels, or the runner group with its labels. */
function renderRunsOn(job: JobModel): YamlValue {
  const labels = job.runsOn.length === 1 ? job.runsOn[0] : [...job.runsOn];
  if (job.runnerGroup === undefined) {
    return labels;
  }
  return { group: job.runnerGroup, labels: job.runsOn.length > 0 ? labels : undefined };
}

function renderJob(job: JobModel): YamlMap {
  const calls = job.uses !== undefined;
  return {
    'name': job.name,
    'needs': job.needs.length > 0 ? [...job.needs] : undefined,
    'if': job.if,
    'runs-on': calls ? undefined : renderRunsOn(job),
    'environment': job.environment && (job.environment.url === undefined ? job.environment.name : { name: job.environment.name, url: job.environment.url }),
    'concurrency': job.concurrency && { 'group': job.concurrency.group, 'cancel-in-progress': job.concurrency.cancelInProgress },
    'permissions': renderPermissions(job.permissions),
    'strategy': job.strategy && renderStrategy(job.strategy),
    'outputs': copyMap(job.outputs),
    'env': copyMap(job.env),
    'defaults': job.defaults && renderDefaults(job.defaults),
    'timeout-minutes': job.timeoutMinutes,
    'continue-on-error': job.continueOnError,
    'container': job.container && renderContainer(job.container),
    'services': job.services && renderServices(job.services),
    'uses': localUses(job.uses),
    'with': job.with && { ...job.with },
    'secrets': job.secrets === 'inherit' ? 'inherit' : job.secrets && { ...job.secrets },
    'steps': calls ? undefined : job.steps.map(renderStep),
  };
}

/** A container or a service: image, credentials, env, ports, volumes, options. */
function renderContainer(container: ContainerModel | ServiceModel): YamlMap {
  return {
    // zizmor's unpinned-images cannot see the digest behind an expression; it honours an ignore on this line.
    image: container.imageNote === undefined ? container.image : new CommentedScalar(container.image, `zizmor: ignore[unpinned-images] ${container.imageNote}`),
    credentials: container.credentials && {
      username: container.credentials.username,
      password: container.credentials.password,
    },
    env: copyMap(container.env),
    ports: container.ports && [...container.ports],
    volumes: container.volumes && [...container.volumes],
    options: container.options,
  };
}

function renderStrategy(strategy: StrategyModel): YamlMap {
  return { 'matrix': strategy.matrix === undefined ? undefined : plain(strategy.matrix), 'fail-fast': strategy.failFast, 'max-parallel': strategy.maxParallel };
}

function renderDefaults(defaults: DefaultsModel): YamlMap {
  return { run: { 'shell': defaults.run.shell, 'working-directory': defaults.run.workingDirectory } };
}

function renderServices(services: { [name: string]: ServiceModel }): YamlMap {
  const result: YamlMap = {};
  for (const [name, service] of Object.entries(services)) {
    result[name] = renderContainer(service);
  }
  return result;
}

function renderStep(step: StepModel): YamlMap {
  return {
    'name': step.name,
    'id': step.id,
    'if': step.if,
    'uses': renderUses(step),
    'with': copyMap(step.with),
    'shell': step.shell,
    'working-directory': step.workingDirectory,
    'env': copyMap(step.env),
    'run': step.run,
    'continue-on-error': step.continueOnError,
    'timeout-minutes': step.timeoutMinutes,
  };
}

/**
 * A SHA-pinned action carries its version as a comment: `uses: owner/repo@<sha> # v1.2.3`,
 * given as one string (`'owner/repo@<sha> # v1.2.3'`, by the action table or a user's step);
 * written as one quoted scalar, the comment would become part of the reference, so it is split.
 */
function renderUses(step: StepModel): YamlValue | undefined {
  const inline = typeof step.uses === 'string' ? /^(\S+)\s+#\s*(\S.*?)\s*$/.exec(step.uses) : null;
  return inline ? new CommentedScalar(inline[1], inline[2]) : localUses(step.uses);
}

/**
 * A reference inside this repository (`./path`). zizmor (self-repository)
 * asks for GitHub's newer `$/path` form, which actionlint 1.7.12 and older
 * GitHub Enterprise Servers refuse; `./` is what every reader takes, so the
 * finding is answered on the line, with why.
 */
function localUses(uses: string | undefined): YamlValue | undefined {
  return typeof uses === 'string' && uses.startsWith('./')
    ? new CommentedScalar(uses, 'zizmor: ignore[self-repository] ./ is read by actionlint and GitHub Enterprise Server; $/ is not yet')
    : uses;
}

function renderPermissions(permissions: PermissionsModel): YamlMap {
  const scopes = Object.keys(permissions).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const result: YamlMap = {};
  for (const scope of scopes) {
    result[scope] = permissions[scope];
  }
  return result;
}

function rank(scope: string): number {
  const index = PERMISSION_ORDER.indexOf(scope);
  return index === -1 ? PERMISSION_ORDER.length : index;
}

/**
 * A shallow copy in the caller's key order, so the emitter never sees shared
 * objects. An empty map is left out: `env: {}` means nothing, and actionlint
 * refuses it ("env should not be empty").
 */
function copyMap(map: { [key: string]: string } | undefined): YamlMap | undefined {
  return map === undefined || Object.keys(map).length === 0 ? undefined : { ...map };
}
