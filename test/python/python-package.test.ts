/**
 * The library from Python, for real: the wheel jsii-pacmak builds from this
 * build, installed in a fresh virtual environment beside projen and constructs
 * from PyPI, runs `.projenrc.py` files that must write byte for byte what the
 * TypeScript examples wrote (their committed workflows are the reference, so
 * this test follows them when the library changes), and bad input must reach
 * Python as one readable error listing every problem.
 *
 * Both ends of the supported projen/constructs range are installed (see
 * PIN_SETS). Prerequisites and timings: README, "Testing".
 * After changing examples/seed-python/.projenrc.py or the library, regenerate
 * its committed files with `UPDATE_PYTHON_EXAMPLE=1 npx jest test/python`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildWheel, createVenv, installedVersion, PIN_SETS, PythonPins, runIn, runProjenrc, saveTimings, Venv } from './python-env';
import { ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { ROOT } from '../support/compiled-library';
import { expectValidWorkflow } from '../support/judge';
import { listFiles, tempProject } from '../support/synth';

const FIXTURES = path.join(__dirname, 'fixtures');
const EXAMPLES = path.join(ROOT, 'examples');
const EXAMPLE = path.join(EXAMPLES, 'seed-python');

/** Every file below `.github/` of `dir`, by relative path. */
function githubFiles(dir: string): { [file: string]: string } {
  const base = path.join(dir, '.github');
  return Object.fromEntries(listFiles(base).map((f) => [f, fs.readFileSync(path.join(base, f), 'utf8')]));
}

/** The problems the TypeScript library reports for the graph of fixtures/invalid.projenrc.py. */
function problemsOfInvalidInTypeScript(): string[] {
  const project = tempProject('invalid');
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
  const image = new DockerBuildJob(ci, 'build_docker', { image: 'ghcr.io/Acme/App', cache: GhaCache.max() });
  new ContainerTestJob(ci, 'lint_and_test', { image, steps: [] });
  try {
    project.synth();
  } catch (e) {
    if (e instanceof WorkflowValidationError) {
      return e.problems;
    }
    throw e;
  }
  throw new Error('the TypeScript library accepted the invalid graph');
}

/** The Python bounds of an npm range of the two forms our peers use (`>=a <b`, `^x.y.z`), sorted. */
function pythonBounds(range: string): string[] {
  const caret = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const bounds = caret ? [`>=${caret[1]}.${caret[2]}.${caret[3]}`, `<${Number(caret[1]) + 1}.0.0`] : range.split(/\s+/);
  return bounds.sort();
}

let wheel: string;
const venvs = new Map<string, Venv>();

beforeAll(() => {
  wheel = buildWheel();
  for (const pins of PIN_SETS) {
    venvs.set(pins.label, createVenv(wheel, pins));
  }
}, 900_000);

afterAll(() => {
  for (const venv of venvs.values()) {
    fs.rmSync(venv.dir, { recursive: true, force: true });
  }
  saveTimings();
});

test('the wheel is the Python distribution package.json declares, requiring the peer ranges and Python >= 3.10', () => {
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(own.jsii.targets.python).toEqual({ distName: 'projen-docker-ci', module: 'projen_docker_ci' });
  expect(path.basename(wheel)).toBe(`projen_docker_ci-${own.version}-py3-none-any.whl`);
  const requires = runIn(venvs.get('lockfile')!, ROOT, ['-c', 'import importlib.metadata as m; print("\\n".join(m.requires("projen-docker-ci")))']);
  expect(requires.status).toBe(0);
  for (const [name, range] of Object.entries<string>(own.peerDependencies)) {
    const line = requires.stdout.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}<`) || l.startsWith(`${name}>`));
    expect([name, line && line.slice(name.length).replace(/\s/g, '').split(',').sort()]).toEqual([name, pythonBounds(range)]);
  }
  const python = runIn(venvs.get('lockfile')!, ROOT, ['-c', 'import importlib.metadata as m; print(m.metadata("projen-docker-ci")["Requires-Python"])']);
  expect(python.stdout.trim()).toBe('>=3.10');
});

describe.each(PIN_SETS.map((pins) => [pins.label, pins] as const))('with projen and constructs from PyPI (%s)', (label, pins: PythonPins) => {
  const venv = (): Venv => venvs.get(label)!;

  test(`the venv has projen ${pins.projen} and constructs ${pins.constructs}`, () => {
    expect(installedVersion(venv(), 'projen')).toBe(pins.projen);
    expect(installedVersion(venv(), 'constructs')).toBe(pins.constructs);
  });

  test.each(['seed', 'monorepo'])('the Python twin of examples/%s writes its committed .github/ files byte for byte', (example) => {
    const result = runProjenrc(venv(), path.join(FIXTURES, `${example}.projenrc.py`), `python synth ${example} (${label})`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const committed = githubFiles(path.join(EXAMPLES, example));
    expect(Object.keys(committed)).toContain('workflows/ci.yml');
    expect(githubFiles(result.dir)).toEqual(committed);
    fs.rmSync(result.dir, { recursive: true, force: true });
  }, 120_000);

  test('two bad inputs reach Python as one error with both problems, each after its construct path, and nothing is written', () => {
    const problems = problemsOfInvalidInTypeScript();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^ci\/build_docker: /);
    expect(problems[1]).toMatch(/^ci\/lint_and_test: /);

    // What `npx projen` shows: the traceback ends with the message, every problem on its own line.
    const plain = runProjenrc(venv(), path.join(FIXTURES, 'invalid.projenrc.py'));
    expect(plain.status).toBe(1);
    for (const problem of problems) {
      expect(plain.stderr.split('\n')).toContain(`  - ${problem}`);
    }
    expect(listFiles(plain.dir)).toEqual(['.projenrc.py']);

    // What Python code can catch: jsii raises RuntimeError, its message is the whole list.
    const caught = runIn(venv(), plain.dir, ['-c', [
      'import json, runpy',
      'try:',
      '    runpy.run_path(".projenrc.py")',
      'except Exception as e:',
      '    print(json.dumps({"type": type(e).__name__, "message": str(e)}))',
    ].join('\n')]);
    expect(caught.status).toBe(0);
    const error = JSON.parse(caught.stdout);
    expect(error.type).toBe('RuntimeError');
    expect(error.message).toBe(`WorkflowValidationError: projen-docker-ci found 2 problems; nothing was written:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    fs.rmSync(plain.dir, { recursive: true, force: true });
  }, 120_000);

  test('examples/seed-python (a PythonProject) writes the seed workflow; only the marker line names .projenrc.py', () => {
    const result = runProjenrc(venv(), path.join(EXAMPLE, '.projenrc.py'), `python synth seed-python (${label})`);
    expect(result.status).toBe(0);
    const seed = fs.readFileSync(path.join(EXAMPLES, 'seed', '.github', 'workflows', 'ci.yml'), 'utf8').split('\n');
    const written = fs.readFileSync(path.join(result.dir, '.github', 'workflows', 'ci.yml'), 'utf8').split('\n');
    expect(written[0]).toBe('# ~~ Generated by projen. To modify, edit .projenrc.py and run "npx projen".');
    expect(written.slice(1)).toEqual(seed.slice(1));
    fs.rmSync(result.dir, { recursive: true, force: true });
  }, 120_000);
});

describe('examples/seed-python', () => {
  const filesJson = path.join(EXAMPLE, '.projen', 'files.json');
  const committedFiles = (): string[] => (fs.existsSync(filesJson) ? JSON.parse(fs.readFileSync(filesJson, 'utf8')).files : []);

  test('is not stale: its .projenrc.py, run with the lockfile\'s projen, writes every committed generated file', () => {
    // Only with the lockfile's projen: projen's own files (.projen/tasks.json) change format
    // between projen versions; the workflow is checked with both above.
    const result = runProjenrc(venvs.get('lockfile')!, path.join(EXAMPLE, '.projenrc.py'));
    expect(result.status).toBe(0);
    const generated: string[] = JSON.parse(fs.readFileSync(path.join(result.dir, '.projen', 'files.json'), 'utf8')).files;
    if (process.env.UPDATE_PYTHON_EXAMPLE === '1') {
      for (const file of committedFiles()) {
        fs.rmSync(path.join(EXAMPLE, file), { force: true });
      }
      for (const file of generated) {
        fs.mkdirSync(path.dirname(path.join(EXAMPLE, file)), { recursive: true });
        fs.copyFileSync(path.join(result.dir, file), path.join(EXAMPLE, file));
      }
    }
    expect(generated).toEqual(committedFiles());
    expect(generated).toContain('.github/workflows/ci.yml');
    for (const file of generated) {
      expect([file, fs.readFileSync(path.join(result.dir, file), 'utf8')]).toEqual([file, fs.readFileSync(path.join(EXAMPLE, file), 'utf8')]);
    }
    fs.rmSync(result.dir, { recursive: true, force: true });
  }, 120_000);

  test('its workflow passes the judge', async () => {
    await expectValidWorkflow(fs.readFileSync(path.join(EXAMPLE, '.github', 'workflows', 'ci.yml'), 'utf8'), 'ci.yml');
  });
});
