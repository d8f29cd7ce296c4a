/**
 * The real-world corpus re-declared: each `examples/realworld/<case>/` keeps
 * the structure of a public Docker CI workflow (`structure.json`, written by
 * `scripts/realworld-structure.ts` from the original): every job id, the
 * jobs each needs (ours may need more: jobs it reads, or jobs the library
 * adds), a job `if` where the original has one, the environment, the matrix
 * variables, the service ids, a container where the original runs in one
 * (and none where it does not), and the same events. Staleness and the judge
 * are covered by `examples.test.ts` like every example.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { structureOf, WorkflowStructure } from '../../scripts/realworld-structure';

const ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(ROOT, 'examples', 'realworld');
const CASES = fs.readdirSync(CORPUS).filter((name) => fs.existsSync(path.join(CORPUS, name, 'structure.json'))).sort();

/** The one workflow a case writes. */
function written(name: string): WorkflowStructure {
  const dir = path.join(CORPUS, name, '.github', 'workflows');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  expect(files).toHaveLength(1);
  return structureOf(YAML.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8')));
}

test('the corpus has 15 cases', () => {
  expect(CASES).toHaveLength(15);
});

describe.each(CASES)('examples/realworld/%s', (name) => {
  const original = JSON.parse(fs.readFileSync(path.join(CORPUS, name, 'structure.json'), 'utf8')) as WorkflowStructure;

  test('is re-declared in a .projenrc.ts of its own, without escape hatches', () => {
    const projenrc = path.join(CORPUS, name, '.projenrc.ts');
    expect(fs.existsSync(projenrc)).toBe(true);
    // Overrides and casts would write what the typed model cannot check.
    expect(fs.readFileSync(projenrc, 'utf8')).not.toMatch(/\b(addOverride|addDeletionOverride)\s*\(|\bas (any|unknown)\b|@ts-(ignore|expect-error)/);
  });

  test('runs on the same events', () => {
    expect(written(name).events).toEqual(original.events);
  });

  test.each(Object.keys(original.jobs))('keeps job %s: needs, if, environment, matrix, services, container or host', (id) => {
    const want = original.jobs[id];
    const ours = written(name).jobs[id];
    expect(ours).toBeDefined();
    expect(ours.needs).toEqual(expect.arrayContaining(want.needs));
    if (want.if) {
      expect(ours.if).toBe(true);
    }
    expect(ours.environment).toEqual(want.environment);
    expect(ours.matrix === 'runtime' || want.matrix === 'runtime' ? ours.matrix : ours.matrix?.map((k) => k.toLowerCase()))
      .toEqual(want.matrix === 'runtime' ? 'runtime' : want.matrix?.map((k) => k.toLowerCase()));
    expect(ours.services).toEqual(want.services);
    expect(ours.container).toBe(want.container);
    expect(ours.callsWorkflow).toBe(want.callsWorkflow);
  });
});
