/**
 * Property-based tests: random construct graphs (1..10 build jobs, 0..30
 * container jobs, random valid and invalid ids, triggers, caches, env values
 * and step names drawn from YAML-hostile strings). Every graph must either
 * be refused with the library's `WorkflowValidationError` (never any other
 * exception) or yield YAML that
 *   - GitHub's workflow parser and actionlint accept with zero findings, and
 *   - `YAML.parse` reads back deep-equal to the object the renderer produced,
 *     under the YAML 1.2 core schema and under YAML 1.1 (older parsers).
 *
 * Each written graph is also run through the simulated hand-off
 * (test/support/simulate.ts): on a push every consumer runs in exactly its
 * build's `<name>@<digest>`, on a fork pull request every consumer skips.
 *
 * Environment variables:
 * - PDC_FUZZ_RUNS: graphs per run, 500 by default
 *   (`PDC_FUZZ_RUNS=5000 npx jest test/property/random-graphs`).
 * - PDC_FUZZ_SEED: the generator seed. Fixed by default, so `npm test` and CI
 *   always try the same 500 graphs and never fail by chance; `random` draws a
 *   new seed each run (to explore: `PDC_FUZZ_SEED=random PDC_FUZZ_RUNS=5000`),
 *   a number replays a run. A failure prints the seed and the path to replay
 *   it with PDC_FUZZ_SEED=<seed> PDC_FUZZ_PATH=<path>.
 */
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { Project } from 'projen';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, IDockerCache, Job, Step, Workflow, WorkflowTriggers } from '../../src';
import { CommentedScalar } from '../../src/render/yaml-emitter';
import { WorkflowValidationError } from '../../src/validation/workflow-validation-error';
import { formatFindings, judgeWorkflow } from '../support/judge';
import { simulateRun } from '../support/simulate';

const RUNS = Number(process.env.PDC_FUZZ_RUNS ?? 500);
const DIGEST = `sha256:${'5eed'.repeat(16)}`;
const DEFAULT_SEED = 20261128;
const SEED = process.env.PDC_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.PDC_FUZZ_SEED ?? DEFAULT_SEED);
const REPLAY_PATH = process.env.PDC_FUZZ_PATH;

/** Strings that YAML (1.1 or 1.2) or GitHub's expression syntax could misread. */
const HOSTILE: readonly string[] = [
  'on', 'off', 'yes', 'no', 'Y', 'n', 'true', 'False', 'null', 'NULL', '~', '=', '<<', '3.10', '0x1F', '0o17', '017', '1e3',
  '.inf', '-.NaN', '12:30:45', '2001-12-14', '*a', '&b', '!c', '!!str', '%YAML', '@x', '`y', '# x', 'a #b', 'a: b', 'a:',
  '- item', '-', '? key', ': v', '[a, b]', '{a: b}', ',', '|', '>', "'", '"', "it's", 'say "hi"', '\\', '\\n', '---', '...',
  ' lead', 'trail ', ' both ', '\ttab', 'tab\t', 'in\tside', 'é 漢字 🙂', '\u00a0nbsp', 'zero\u200bwidth', 'bidi\u202eevil',
  'line1\nline2', 'x\n', '\nx', 'x\n\n', '  indented\nnext', 'a\r\nb', 'cr\r', 'nel\u0085', 'ls\u2028', 'bom\ufeff', 'bell\u0007',
  '${{ github.sha }}', 'sha=${{ github.sha }} run=${{ github.run_id }}', 'ref=${{ github.ref }}', '}}', '$HOME', '$(date)',
  'x'.repeat(1500), `${'word '.repeat(400)}end`, `${'y'.repeat(1100)}: z`,
];

/** A hostile string: from the list, arbitrary code points, or two hostile strings joined. */
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.constantFrom(...HOSTILE)).map(([a, b]) => a + b) },
);

/**
 * `valid` nearly always, `invalid` once in `odds` draws. Each graph has dozens
 * of places where a fault can go, so faults are rare per place: roughly half
 * the graphs are refused and half are written.
 */
function rarely<T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>, odds = 150): fc.Arbitrary<T> {
  return fc.oneof({ weight: odds - 1, arbitrary: valid }, { weight: 1, arbitrary: invalid });
}

/** Expressions GitHub refuses to load: unclosed, empty, or with characters its syntax lacks. */
const brokenExpression = fc.constantFrom('echo "${{"', '${{ github.sha }', '${{ }}', '${{ "x" }}', 'a ${{ github.sha }} ${{', '${{ a = b }}', '${{ (x }}');

/** Ordinary text or a hostile string (any non-blank string is valid where free text goes), now and then a broken expression. */
const text: fc.Arbitrary<string> = rarely(fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._:-]{0,20}$/) },
  { weight: 4, arbitrary: hostile },
), brokenExpression, 400);

/** Ids GitHub accepts (a leading `__` is reserved, so ids start with a letter or one `_`). */
const validId = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/), fc.stringMatching(/^_[A-Za-z0-9][A-Za-z0-9_-]{0,14}$/));
const jobId: fc.Arbitrary<string> = rarely(validId,
  fc.constantFrom('', '1st', '-x', 'a b', 'a/b', 'a.b', 'ä', '__x', '__proto__', 'x'.repeat(100)), 100);

/** Environment variable names: ordinary ones, and now and then some GitHub or the shell would refuse. */
const envName: fc.Arbitrary<string> = rarely(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
  fc.constantFrom('~', '3.10', 'A-B', 'A B', 'A=B', '', '1X', 'é', 'a\nb'), 200);
const env = fc.option(fc.dictionary(envName, text, { maxKeys: 4 }), { nil: undefined, freq: 2 });

const pattern = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('main', 'release/**', 'v*', '*', '**', 'feature/*', 'docs/**', '!docs/**', 'src/**/*.ts', '3.10', 'yes', 'on', 'v[0-9]+') },
  // Paths GitHub accepts but never matches (refused by the library, not by actionlint).
  { weight: 1, arbitrary: fc.constantFrom('./src/**', '/docs/**', '!./docs/**') },
  { weight: 1, arbitrary: hostile },
);
const patterns = rarely(fc.array(pattern, { minLength: 1, maxLength: 3 }), fc.constantFrom<string[]>([], [''], [' ']).map((p) => [...p]), 60);

/** A filter set: at most one of each pair GitHub refuses to combine (rarely both). */
function filters(pairs: ReadonlyArray<readonly [string, string?]>): fc.Arbitrary<{ [k: string]: string[] }> {
  return fc.tuple(...pairs.map(([, b]) => fc.tuple(
    b === undefined ? fc.constantFrom(0, 1) : rarely(fc.constantFrom(0, 1, 2), fc.constant(3), 60),
    patterns, patterns,
  ))).map((choices) => {
    const result: { [k: string]: string[] } = {};
    choices.forEach(([choice, p1, p2], i) => {
      const [a, b] = pairs[i];
      if (choice === 1 || choice === 3) result[a] = p1;
      if (b !== undefined && (choice === 2 || choice === 3)) result[b] = p2;
    });
    return result;
  });
}

/** One cron field from its grammar: `*`, a value, a range, a step or a list; values sometimes one past the field's range. */
function cronField(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max: max + 1 });
  return fc.oneof(
    fc.constant('*'),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${a}-${b}`),
    fc.tuple(fc.constantFrom('*', String(min)), fc.integer({ min: 0, max: max + 1 })).map(([base, step]) => `${base}/${step}`),
    fc.array(value, { minLength: 2, maxLength: 3 }).map((values) => values.join(',')),
  );
}
// Generated lines reach both refusals: out-of-range fields, and lines that run more often than
// every 5 minutes or never (actionlint reports both; the library must refuse them first).
const generatedCron = fc.tuple(cronField(0, 59), cronField(0, 23), cronField(1, 31), cronField(1, 12), cronField(0, 6)).map((fields) => fields.join(' '));
const cron = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('0 4 * * 1', '*/15 * * * *', '30 2 1 * *', '0 0 * * MON-FRI', '5 4 * JAN,JUL *') },
  { weight: 2, arbitrary: generatedCron },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', '* * * *', '60 * * * *', '0 4 * * 1 extra', '@daily', '* * * * *', '0 0 30 2 *'), hostile) },
);
const prTypes = fc.option(fc.array(rarely(fc.constantFrom('opened', 'synchronize', 'reopened', 'labeled', 'closed'), fc.constantFrom('open', 'Opened', ''), 40),
  { minLength: 1, maxLength: 3 }), { nil: undefined });
const triggers: fc.Arbitrary<WorkflowTriggers> = fc.record({
  push: filters([['branches', 'branchesIgnore'], ['tags', 'tagsIgnore'], ['paths', 'pathsIgnore']]),
  pullRequest: fc.tuple(filters([['branches', 'branchesIgnore'], ['paths', 'pathsIgnore']]), prTypes)
    .map(([f, types]) => (types === undefined ? f : { ...f, types })),
  mergeGroup: filters([['branches']]),
  workflowDispatch: fc.constant({}),
  schedule: fc.array(cron.map((c) => ({ cron: c })), { minLength: 1, maxLength: 2 }),
}, { requiredKeys: [] }).chain((t) => rarely(fc.constant(t), fc.constant({ ...t, schedule: [] }), 80)) as fc.Arbitrary<WorkflowTriggers>;

const image = rarely(
  fc.tuple(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)?$/), fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+){0,2}$/)).map(([owner, name]) => `ghcr.io/${owner}/${name}`),
  fc.oneof(fc.constantFrom('ghcr.io/Acme/App', 'docker.io/acme/app', 'ghcr.io/acme/app:latest', 'ghcr.io/acme', 'ghcr.io/a/b@sha256:00', ''), hostile),
  60,
);
const cache: fc.Arbitrary<IDockerCache | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.tuple(fc.boolean(), fc.option(rarely(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), hostile, 40), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }))
    .map(([max, scope, ignoreError]) => (max ? GhaCache.max({ scope, ignoreError }) : GhaCache.min({ scope, ignoreError }))),
);

const timeout = fc.option(rarely(fc.integer({ min: 1, max: 360 }), fc.constantFrom(0, -1, 1.5, Number.NaN), 100), { nil: undefined, freq: 3 });
const runsOn = fc.option(rarely(fc.constantFrom<string[]>(['ubuntu-latest'], ['ubuntu-24.04'], ['self-hosted', 'linux']), fc.constantFrom<string[]>([], ['']), 100)
  .map((labels) => [...labels]), { nil: undefined, freq: 2 });
const runnerGroup = fc.option(rarely(fc.constantFrom('larger-runners', 'gpu', 'yes', '3.10'), fc.oneof(fc.constantFrom('', ' '), text), 20), { nil: undefined, freq: 4 });

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      name: fc.option(text, { nil: undefined }),
      id: fc.option(rarely(validId, fc.constantFrom('1x', 'a b', '', '__x', 'y'.repeat(100)), 100), { nil: undefined, freq: 3 }),
      run: rarely(text, fc.constantFrom('', ' ', '\n'), 200),
      shell: fc.option(fc.constantFrom('bash', 'sh', 'python', 'pwsh', 'bash -e {0}'), { nil: undefined, freq: 3 }),
      workingDirectory: fc.option(text, { nil: undefined, freq: 4 }),
      env,
      continueOnError: fc.option(fc.boolean(), { nil: undefined, freq: 4 }),
      timeoutMinutes: timeout,
    }, { requiredKeys: ['run'] }),
  },
  {
    weight: 1,
    // Each action with the inputs its metadata requires (actionlint reports a missing required input:
    // a user's mistake with a third-party action, not the library's), pinned by commit SHA (zizmor), the
    // setup-node one without its dependency cache (zizmor's cache-poisoning on tag and release runs).
    arbitrary: fc.record({
      name: fc.option(text, { nil: undefined }),
      action: fc.constantFrom<{ uses: string; with?: { [input: string]: string } }>(
        // actions/setup-node v7.0.0, resolved in its own git (see projenrc/release-workflow.ts).
        { uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0', with: { 'package-manager-cache': 'false' } },
        { uses: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0', with: { path: 'dist/' } },
        { uses: './.github/actions/local' },
        { uses: 'docker://alpine:3.20' },
      ),
      env,
    }, { requiredKeys: ['action'] }).map(({ action, ...rest }) => ({ ...rest, ...action })),
  },
);

interface JobSpec {
  id: string;
  name?: string;
  env?: { [k: string]: string };
  timeoutMinutes?: number;
  runsOn?: string[];
  runnerGroup?: string;
}
interface BuildSpec extends JobSpec { image: string; cache?: IDockerCache; context?: string; file?: string }
interface ConsumerSpec extends JobSpec { build: number; steps: Step[]; extraNeeds: number[]; anyNeeds: boolean }
interface GraphSpec { workflowId: string; name?: string; triggers: WorkflowTriggers; builds: BuildSpec[]; consumers: ConsumerSpec[] }

const graph: fc.Arbitrary<GraphSpec> = fc.record({
  workflowId: rarely(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/), fc.constantFrom('', 'a b', 'ci/x', '.hidden'), 40),
  name: fc.option(text, { nil: undefined }),
  triggers,
  builds: fc.array(fc.record({
    id: jobId,
    name: fc.option(text, { nil: undefined, freq: 3 }),
    image,
    cache,
    context: fc.option(fc.oneof(fc.constantFrom('.', 'app', './docker'), text), { nil: undefined, freq: 2 }),
    file: fc.option(fc.oneof(fc.constantFrom('Dockerfile', 'app/Dockerfile'), text), { nil: undefined, freq: 2 }),
    env,
    timeoutMinutes: timeout,
    runsOn,
    runnerGroup,
  }, { requiredKeys: ['id', 'image'] }), { minLength: 1, maxLength: 10 }),
  consumers: fc.array(fc.record({
    id: jobId,
    name: fc.option(text, { nil: undefined, freq: 3 }),
    build: fc.nat(),
    steps: fc.array(step, { minLength: 1, maxLength: 3 }),
    extraNeeds: fc.array(fc.nat(), { maxLength: 2 }),
    anyNeeds: rarely(fc.constant(false), fc.constant(true), 40),
    env,
    timeoutMinutes: timeout,
    runsOn,
    runnerGroup,
  }, { requiredKeys: ['id', 'build', 'steps', 'extraNeeds', 'anyNeeds'] }), { minLength: 0, maxLength: 30 }),
}, { requiredKeys: ['workflowId', 'triggers', 'builds', 'consumers'] });

// Projects are never synthesized here (toYaml() writes nothing), so they can share one directory.
const OUTDIR = path.join(os.tmpdir(), 'pdc-property-never-written');

/** Builds the construct graph of `spec`; returns the workflow. May throw (that is part of the property). */
function build(spec: GraphSpec): Workflow {
  const project = new Project({ name: 'fuzz', outdir: OUTDIR });
  const workflow = new Workflow(project, spec.workflowId, { name: spec.name, triggers: spec.triggers });
  const builds = spec.builds.map((b) => new DockerBuildJob(workflow, b.id, {
    name: b.name,
    image: b.image,
    cache: b.cache,
    context: b.context,
    file: b.file,
    env: b.env,
    timeoutMinutes: b.timeoutMinutes,
    runsOn: b.runsOn,
    runnerGroup: b.runnerGroup,
  }));
  const consumers: Job[] = [];
  for (const c of spec.consumers) {
    const job = new ContainerTestJob(workflow, c.id, {
      name: c.name,
      image: builds[c.build % builds.length],
      steps: c.steps,
      env: c.env,
      timeoutMinutes: c.timeoutMinutes,
      runsOn: c.runsOn,
      runnerGroup: c.runnerGroup,
    });
    consumers.push(job);
  }
  // Extra needs on earlier jobs; rarely on any job, where cycles and self-needs must be refused, not written.
  const all = [...builds, ...consumers];
  spec.consumers.forEach((c, i) => {
    const reach = c.anyNeeds ? all.length : builds.length + i;
    for (const n of c.extraNeeds) {
      consumers[i].addNeeds(all[n % reach]);
    }
  });
  return workflow;
}

/** The rendered object as plain data: undefined members dropped, a commented scalar read as its value. */
function plain(value: unknown): unknown {
  if (value instanceof CommentedScalar) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** The path and both values of the first place where `actual` and `expected` differ, or undefined when they are deep-equal. */
function firstDifference(actual: unknown, expected: unknown, at: string): string | undefined {
  if (Object.is(actual, expected)) {
    return undefined;
  }
  const bothObjects = typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null;
  if (!bothObjects || Array.isArray(actual) !== Array.isArray(expected)) {
    return `${at || '<root>'}: read ${JSON.stringify(actual)}, rendered ${JSON.stringify(expected)}`;
  }
  const a = actual as { [k: string]: unknown };
  const e = expected as { [k: string]: unknown };
  const keysA = Object.keys(a);
  const keysE = Object.keys(e);
  if (keysA.join('\u0000') !== keysE.join('\u0000')) {
    return `${at || '<root>'}: read keys ${JSON.stringify(keysA)}, rendered keys ${JSON.stringify(keysE)}`;
  }
  for (const key of keysE) {
    const difference = firstDifference(a[key], e[key], `${at}[${JSON.stringify(key)}]`);
    if (difference !== undefined) {
      return difference;
    }
  }
  return undefined;
}

/** Counts of what the graphs did, reported at the end (and checked: the fuzzer must exercise both paths). */
const tally = { graphs: 0, refused: 0, written: 0, jobsWritten: 0 };

describe('property: random construct graphs are refused with WorkflowValidationError or written valid', () => {
  test(`${RUNS} random graphs`, async () => {
    const details = await fc.check(fc.asyncProperty(graph, async (spec) => {
      tally.graphs++;
      let yaml: string;
      let workflow: Workflow;
      try {
        workflow = build(spec);
        yaml = workflow.toYaml();
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) {
          throw new Error(`threw ${(error as Error)?.constructor?.name} instead of WorkflowValidationError: ${(error as Error)?.stack ?? String(error)}`);
        }
        expect(error.problems.length).toBeGreaterThan(0);
        tally.refused++;
        return;
      }
      tally.written++;
      const rendered = plain(workflow._render());
      tally.jobsWritten += Object.keys((rendered as { jobs: object }).jobs).length;
      // Read back: YAML 1.2 (GitHub's parser, the `yaml` package's default) and YAML 1.1.
      for (const version of ['1.2', '1.1'] as const) {
        const difference = firstDifference(YAML.parse(yaml, { version }), rendered, '');
        if (difference !== undefined) {
          throw new Error(`YAML ${version} reads back something else than was rendered: ${difference}\n--- workflow ---\n${yaml}`);
        }
      }
      const findings = await judgeWorkflow(yaml, `${spec.workflowId}.yml`);
      if (findings.length > 0) {
        throw new Error(`judge findings:\n${formatFindings(findings)}\n--- workflow ---\n${yaml}`);
      }
      // The hand-off, simulated with GitHub's expression engine: on a push every consumer runs in
      // exactly the image its build job pushed; on a fork pull request every consumer skips.
      const push = simulateRun(yaml, { eventName: 'push', repository: 'Fuzz-Owner/Repo', digest: DIGEST });
      const fork = simulateRun(yaml, { eventName: 'pull_request', repository: 'Fuzz-Owner/Repo', headRepository: 'fork/Repo', digest: DIGEST });
      spec.consumers.forEach((c) => {
        const pinned = `${spec.builds[c.build % spec.builds.length].image}@${DIGEST}`;
        expect({ job: c.id, ...push.consumers[c.id] }).toEqual({ job: c.id, runs: true, image: pinned });
        expect({ job: c.id, ...fork.consumers[c.id] }).toEqual({ job: c.id, runs: false, image: '' });
      });
    }), { numRuns: RUNS, seed: SEED, path: REPLAY_PATH, endOnFailure: true });
    if (details.failed) {
      // The cause carries the workflow text; the counterexample (the whole graph spec) is too long to be useful here.
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`graph ${details.numRuns} of ${RUNS} failed; replay with PDC_FUZZ_SEED=${details.seed} PDC_FUZZ_PATH=${details.counterexamplePath}\n${cause}`);
    }

    console.log(`property (seed ${SEED}): ${tally.graphs} graphs, ${tally.refused} refused with WorkflowValidationError, ${tally.written} written (${tally.jobsWritten} jobs) and judged valid`);
    expect(tally.graphs).toBeGreaterThanOrEqual(RUNS);
    // Both outcomes must be exercised, or the generators have drifted into testing only one.
    expect(tally.written).toBeGreaterThan(RUNS / 10);
    expect(tally.refused).toBeGreaterThan(RUNS / 10);
  }, Math.max(120_000, RUNS * 2_000));
});
