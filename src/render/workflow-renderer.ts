/**
 * Maps the workflow model to GitHub's key names in a fixed, hand-written
 * order. The output is plain data for the YAML emitter: this file knows
 * GitHub's schema, not YAML and not Docker.
 */
import { CommentedScalar, LazyMap, YamlValue } from './yaml-emitter';
import { ContainerModel, DefaultsModel, JobModel, PermissionsModel, ServiceModel, StepModel, StrategyModel, WorkflowModel } from '../workflow/workflow-model';

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
export function renderWorkflow(model: WorkflowModel, lazyJobs = false): YamlMap {
  let jobs: YamlMap | LazyMap;
  if (lazyJobs) {
    // The same keys, order and last-one-wins as assigning them to an object.
    const indexOf: { [id: string]: number } = {};
    model.jobs.forEach(([id], i) => {
      indexOf[id] = i;
    });
    const ids = Object.keys(indexOf);
    jobs = new LazyMap(ids, (i) => renderJob(model.jobs[indexOf[ids[i]]][1]));
  } else {
    jobs = {};
    for (const [id, job] of model.jobs) {
      jobs[id] = renderJob(job);
    }
  }
  return {
    name: model.name,
    on: model.on as YamlValue,
    permissions: renderPermissions(model.permissions),
    concurrency: model.concurrency && { 'group': model.concurrency.group, 'cancel-in-progress': model.concurrency.cancelInProgress },
    env: copyMap(model.env),
    defaults: model.defaults && renderDefaults(model.defaults),
    jobs: jobs,
  };
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
  return {
    'name': job.name,
    'needs': job.needs.length > 0 ? [...job.needs] : undefined,
    'if': job.if,
    'runs-on': renderRunsOn(job),
    'permissions': renderPermissions(job.permissions),
    'strategy': job.strategy && renderStrategy(job.strategy),
    'outputs': copyMap(job.outputs),
    'env': copyMap(job.env),
    'defaults': job.defaults && renderDefaults(job.defaults),
    'timeout-minutes': job.timeoutMinutes,
    'continue-on-error': job.continueOnError,
    'container': job.container && renderContainer(job.container),
    'services': job.services && renderServices(job.services),
    'steps': job.steps.map(renderStep),
  };
}

function renderContainer(container: ContainerModel): YamlMap {
  return {
    image: container.image,
    credentials: container.credentials && {
      username: container.credentials.username,
      password: container.credentials.password,
    },
    options: container.options,
  };
}

function renderStrategy(strategy: StrategyModel): YamlMap {
  const matrix: YamlMap = {};
  for (const [key, values] of Object.entries(strategy.matrix)) {
    matrix[key] = values.map((value) => (typeof value === 'string' ? value : { ...value }));
  }
  return { 'matrix': matrix, 'fail-fast': strategy.failFast, 'max-parallel': strategy.maxParallel };
}

function renderDefaults(defaults: DefaultsModel): YamlMap {
  return { run: { 'shell': defaults.run.shell, 'working-directory': defaults.run.workingDirectory } };
}

function renderServices(services: { [name: string]: ServiceModel }): YamlMap {
  const result: YamlMap = {};
  for (const [name, service] of Object.entries(services)) {
    result[name] = {
      image: service.image,
      credentials: service.credentials && { username: service.credentials.username, password: service.credentials.password },
      env: copyMap(service.env),
      ports: service.ports && [...service.ports],
      options: service.options,
    };
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
 * A SHA-pinned action carries its version as a comment: `uses: owner/repo@<sha> # v1.2.3`.
 * A user step may write the same in one string (`'owner/repo@<sha> # v1.2.3'`); written
 * as one quoted scalar, the comment would become part of the reference, so it is split.
 */
function renderUses(step: StepModel): YamlValue | undefined {
  if (step.uses !== undefined && step.usesComment !== undefined) {
    return new CommentedScalar(step.uses, step.usesComment);
  }
  const inline = typeof step.uses === 'string' ? /^(\S+)\s+#\s*(\S.*?)\s*$/.exec(step.uses) : null;
  return inline ? new CommentedScalar(inline[1], inline[2]) : step.uses;
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
