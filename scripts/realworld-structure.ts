/**
 * Writes `examples/realworld/<case>/structure.json`: the structure of a public
 * workflow of the real-world corpus (`../shared/realworld/<case>/original.yml`
 * beside this repository), as facts: its events and, per job, the jobs it
 * needs, whether it has a job `if`, its environment, matrix variables,
 * service ids, and whether it runs in a container or calls a reusable
 * workflow. No step, script or value of the original is kept.
 * `test/examples/realworld.test.ts` holds each re-declared example to it.
 *
 *   ts-node --project tsconfig.dev.json scripts/realworld-structure.ts [<corpus dir>]
 */
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';

/** What the tests keep of one job. */
export interface JobStructure {
  readonly needs: string[];
  readonly if: boolean;
  readonly environment?: string;
  /** Matrix variables (include keys too), or 'runtime' for a matrix read from an expression. */
  readonly matrix?: string[] | 'runtime';
  readonly services?: string[];
  readonly container: boolean;
  readonly callsWorkflow: boolean;
}

/** What the tests keep of one workflow. */
export interface WorkflowStructure {
  readonly events: string[];
  readonly jobs: { [id: string]: JobStructure };
}

type Doc = { [key: string]: unknown };

/** The structure of a parsed workflow. */
export function structureOf(doc: Doc): WorkflowStructure {
  const on = doc.on ?? doc.true;
  const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(on as Doc);
  const jobs: { [id: string]: JobStructure } = {};
  for (const [id, value] of Object.entries(doc.jobs as Doc)) {
    const job = value as Doc;
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs.map(String) : [String(job.needs)];
    const strategy = job.strategy as Doc | undefined;
    const matrix = strategy?.matrix;
    let keys: string[] | 'runtime' | undefined;
    if (typeof matrix === 'string') {
      keys = 'runtime';
    } else if (matrix !== undefined && matrix !== null) {
      const m = matrix as Doc;
      const set = new Set(Object.keys(m).filter((k) => k !== 'include' && k !== 'exclude'));
      for (const entry of Array.isArray(m.include) ? m.include : []) {
        Object.keys(entry as Doc).forEach((k) => set.add(k));
      }
      keys = [...set].sort();
    }
    const environment = job.environment === undefined ? undefined
      : typeof job.environment === 'string' ? job.environment : String((job.environment as Doc).name);
    jobs[id] = {
      needs: [...needs].sort(),
      if: job.if !== undefined,
      ...(environment !== undefined ? { environment } : {}),
      ...(keys !== undefined ? { matrix: keys } : {}),
      ...(job.services !== undefined ? { services: Object.keys(job.services as Doc).sort() } : {}),
      container: job.container !== undefined,
      callsWorkflow: job.uses !== undefined,
    };
  }
  return { events: [...events].sort(), jobs };
}

function main(): void {
  const corpus = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'shared', 'realworld'));
  for (const name of fs.readdirSync(corpus).filter((n) => fs.existsSync(path.join(corpus, n, 'original.yml'))).sort()) {
    const doc = YAML.parse(fs.readFileSync(path.join(corpus, name, 'original.yml'), 'utf8'), { version: '1.1' }) as Doc;
    const dir = path.join(__dirname, '..', 'examples', 'realworld', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'structure.json'), `${JSON.stringify(structureOf(doc), null, 2)}\n`);
    console.log(`${name}: ${Object.keys(doc.jobs as Doc).length} jobs`);
  }
}

if (require.main === module) {
  main();
}
