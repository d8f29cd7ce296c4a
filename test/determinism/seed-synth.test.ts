/**
 * Determinism: synthesizing examples/seed gives the same bytes whatever the
 * process's time zone and locale, and whatever order the props' keys were
 * written in; and a second synthesis changes nothing on disk.
 *
 * Each synthesis runs `scripts/run-example.ts` (what `npm run example` runs)
 * in its own child process, on a temporary copy of the example inside the
 * repository (so the copy resolves projen from our node_modules).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { listFiles } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'examples', 'seed');
const run = promisify(execFile);

/**
 * examples/seed/.projenrc.ts with every props object's keys (and the
 * triggers, filters and steps' keys) written in another order. Same meaning,
 * different declaration order.
 */
const REORDERED_PROJENRC = `import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'cache-docker' });
const ci = new Workflow(project, 'ci', {
  triggers: { pullRequest: { branches: ['main'] }, push: { branches: ['main'] } },
  name: 'Continuous Integration new cache',
});
const image = new DockerBuildJob(ci, 'build_docker', {
  cache: GhaCache.max(),
  file: 'Dockerfile',
  context: '.',
  image: 'ghcr.io/mmeendez8/cache_docker/ci_dlc',
});
new ContainerTestJob(ci, 'lint_and_test', {
  steps: [
    { run: 'pre-commit install\\npre-commit run', name: 'Lint code' },
    { run: 'pytest tests', name: 'Run tests' },
  ],
  image,
});
project.synth();
`;

interface Snapshot { [file: string]: { content: string; mtimeMs: number; mode: number } }

/** Every file below `dir` except the projenrc itself, with content and modification time. */
function snapshot(dir: string): Snapshot {
  const result: Snapshot = {};
  for (const file of listFiles(dir)) {
    if (file !== '.projenrc.ts') {
      const full = path.join(dir, file);
      const stat = fs.statSync(full);
      result[file] = { content: fs.readFileSync(full, 'utf8'), mtimeMs: stat.mtimeMs, mode: stat.mode };
    }
  }
  return result;
}

function contents(s: Snapshot): { [file: string]: string } {
  return Object.fromEntries(Object.entries(s).map(([file, { content }]) => [file, content]));
}

/** A fresh copy of examples/seed without its generated files, optionally with another .projenrc.ts. */
function freshCopy(label: string, projenrc?: string): string {
  fs.mkdirSync(path.join(ROOT, 'test-reports'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'test-reports', `determinism-${label}-`));
  for (const file of ['.projenrc.ts', 'Dockerfile', 'requirements.txt']) {
    fs.copyFileSync(path.join(SEED, file), path.join(dir, file));
  }
  if (projenrc !== undefined) {
    fs.writeFileSync(path.join(dir, '.projenrc.ts'), projenrc);
  }
  return dir;
}

/** Synthesizes `dir` in a child process with `env` on top of ours. */
async function synth(dir: string, env: { [name: string]: string }): Promise<void> {
  // As a user runs `npx projen`: without jest's NODE_ENV=test, under which projen writes a
  // project that has no explicit outdir to a fresh temporary directory (unless cwd is below tmp).
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PROJEN_DISABLE_POST: 'true', ...env };
  delete childEnv.NODE_ENV;
  await run('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'scripts/run-example.ts', dir], { cwd: ROOT, env: childEnv });
}

describe('synthesis of examples/seed is deterministic', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('two processes with different TZ and LANG/LC_ALL, and a projenrc with reordered props, write identical bytes; a second synth changes nothing', async () => {
    const seedRc = fs.readFileSync(path.join(SEED, '.projenrc.ts'), 'utf8');
    expect(REORDERED_PROJENRC).not.toBe(seedRc);

    const utc = freshCopy('utc');
    const chatham = freshCopy('chatham');
    const reordered = freshCopy('reordered', REORDERED_PROJENRC);
    dirs.push(utc, chatham, reordered);
    await Promise.all([
      synth(utc, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }),
      // UTC+12:45/13:45 and a locale whose case rules differ (Turkish dotless i).
      synth(chatham, { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }),
      synth(reordered, { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' }),
    ]);

    const first = snapshot(utc);
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', '.projen/files.json', '.projen/tasks.json', '.gitignore']));
    expect(contents(snapshot(chatham))).toEqual(contents(first));
    expect(contents(snapshot(reordered))).toEqual(contents(first));
    // And they are the committed example's bytes.
    expect(first['.github/workflows/ci.yml'].content).toBe(fs.readFileSync(path.join(SEED, '.github', 'workflows', 'ci.yml'), 'utf8'));

    // A second synthesis, later and in another zone. projen 0.98 rewrites every file it
    // generates (new mtime, same bytes, same read-only mode) and leaves the others alone:
    // so "untouched" here means same content and mode for every file, same mtime for the
    // files projen does not generate.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await synth(utc, { TZ: 'Asia/Kathmandu', LANG: 'C', LC_ALL: 'C' });
    const second = snapshot(utc);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    const generated = JSON.parse(first['.projen/files.json'].content).files as string[];
    for (const file of Object.keys(first)) {
      const { content, mode } = second[file];
      expect({ file, content, mode }).toEqual({ file, content: first[file].content, mode: first[file].mode });
      if (!generated.includes(file)) {
        expect({ file, mtimeMs: second[file].mtimeMs }).toEqual({ file, mtimeMs: first[file].mtimeMs });
      }
    }
    expect(generated).toContain('.github/workflows/ci.yml');
    expect(Object.keys(first).filter((file) => !generated.includes(file))).toEqual(['Dockerfile', 'requirements.txt']);
  }, 180_000);
});
