/**
 * `npm run bench`: how long synthesis takes, against projen's own workflow
 * model and against `yaml.stringify` alone (docs/performance.md, issue 8).
 *
 *   npm run bench                      # everything, table then JSON
 *   npm run bench -- --json            # JSON only
 *   npm run bench -- --sizes=10,100    # other graph sizes
 *   npm run bench -- --src             # load src/ through ts-node instead of lib/
 *   npm run bench -- --no-compile      # use lib/ as it is, even when src/ is newer
 *   npm run bench -- --quick           # fewer repeats (a smoke run, numbers are noisy)
 *   npm run bench -- --skip-children   # skip the child processes (peak RSS, import, examples/seed)
 *   npm run bench -- --constructs=latest   # another `constructs` (a version, installed once, or a directory);
 *                                          # see scripts/bench-constructs.ts for why it matters
 *
 * In ONE process, for each graph size (half build jobs, half container jobs,
 * scripts/bench-graph.ts), with warm-up runs first and then interleaved
 * repeats (a, b, c in rotating order), it reports medians of:
 *   (a) this library: `new Workflow(project, ...)`, every job construct, then
 *       `workflow.toYaml()` (validation, model, rendering, YAML text);
 *   (b) projen's `github.GithubWorkflow` with the same jobs, `addJob` per job,
 *       then the text its `YamlFile` would write (resolve, JSON round trip,
 *       `YAML.stringify`);
 *   (c) `YAML.stringify` of the final object alone (the object (a)'s text
 *       parses to), the floor any YAML-writing generator pays.
 * Creating the projen `Project` (and, for (b), its `GitHub` component) is
 * outside the clock for all three: it is the same for every generator and
 * does not grow with the graph. No file is written in these runs; the
 * full `project.synth()` to a temporary directory is measured separately.
 * Times are wall-clock (`process.hrtime`); the JSON also has the process CPU
 * time of the same runs, which is steadier on a shared machine. There is
 * deliberately no forced GC between runs: `gc()` ages and flushes the
 * bytecode of the functions that did not run since, so every run would
 * start half cold (measured: 2-6x slower at 10-100 jobs).
 *
 * Peak RSS is `process.resourceUsage().maxRSS` of a fresh child process that
 * loads everything and does one run of one implementation at one size,
 * minus that of a child that loads everything and does nothing (timing
 * several things in one process would only ever report the largest).
 *
 * The library is loaded from `lib/` (what `npm install` users run: jsii's
 * ES2023 output, native class fields), compiled first with `npx projen
 * compile` when any file in src/ is newer. `--src` measures ts-node's
 * ES2020 transpilation of src/ instead (for quick profiling).
 */
// First, so that `--constructs=` can redirect `constructs` before projen loads it.
// eslint-disable-next-line import/order
import { constructsInUse, LINEAR_ADD_CHILD_SINCE, resolveHookSource, substitutedConstructs } from './bench-constructs';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
// eslint-disable-next-line import/no-extraneous-dependencies
import * as YAML from 'yaml';
import { buildLibraryWorkflow, buildProjenWorkflow, githubComponentOf, jobIds, LibraryModule, projenWorkflowYaml } from './bench-graph';

const repoRoot = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const JSON_ONLY = flag('json');
const QUICK = flag('quick');
const USE_SRC = flag('src');
const NO_COMPILE = flag('no-compile');
const SKIP_CHILDREN = flag('skip-children');
const RSS_CHILD = option('rss-child');
const SIZES = (option('sizes') ?? '10,100,1000,5000').split(',').map((s) => Number(s.trim()));
/** The size at which the full `project.synth()` is measured and a/c is judged. */
const SYNTH_SIZE = 1000;

const log = (line = '') => {
  if (!JSON_ONLY) {
    console.log(line);
  }
};

// ---------------------------------------------------------------- helpers


function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Warm-up runs and measured repeats per graph size: more for small graphs, where a run is short. */
function repeatsFor(n: number): { warmup: number; repeats: number } {
  const scale = QUICK ? 0.2 : 1;
  const pick = (w: number, r: number) => ({ warmup: Math.max(1, Math.round(w * scale)), repeats: Math.max(3, Math.round(r * scale)) });
  if (n <= 10) return pick(100, 201);
  if (n <= 100) return pick(30, 101);
  if (n <= 1000) return pick(5, 21);
  return pick(2, 11);
}

let tmpCounter = 0;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-bench-'));
function freshDir(): string {
  const dir = path.join(tmpRoot, String(tmpCounter++));
  fs.mkdirSync(dir);
  return dir;
}

/** A bare projen project; no file is written unless `synth()` is called. */
function newProject(outdir = tmpRoot): Project {
  return new Project({ name: 'bench', outdir });
}

// ---------------------------------------------------------------- the library

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(full, ext));
    } else if (entry.name.endsWith(ext)) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Compiles `lib/` with jsii when it is missing or older than src/. */
function ensureCompiled(): void {
  const index = path.join(repoRoot, 'lib', 'index.js');
  if (fs.existsSync(index) && (NO_COMPILE || fs.statSync(index).mtimeMs >= newestMtime(path.join(repoRoot, 'src'), '.ts'))) {
    return;
  }
  console.error('bench: lib/ is missing or older than src/; running `npx projen compile` first');
  const result = spawnSync('npx', ['projen', 'compile'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error('bench: `npx projen compile` failed (fix the sources, or measure the lib/ you have with --no-compile)');
  }
}

function loadLibrary(): { lib: LibraryModule; from: string } {
  if (USE_SRC) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { lib: require('../src') as LibraryModule, from: 'src/ (ts-node, ES2020)' };
  }
  ensureCompiled();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { lib: require(path.join(repoRoot, 'lib')) as LibraryModule, from: 'lib/ (jsii, ES2023)' };
}

const { lib, from: libraryFrom } = loadLibrary();

// ---------------------------------------------------------------- one run of each implementation

type Impl = 'a' | 'b' | 'c';
const IMPLS: Impl[] = ['a', 'b', 'c'];

/**
 * Prepares one run (untimed: project creation, GC) and returns the timed part.
 * `object` is the final plain object for (c).
 */
function prepare(impl: Impl, n: number, object: unknown): () => string {
  if (impl === 'a') {
    const project = newProject();
    return () => buildLibraryWorkflow(lib, project, n).toYaml();
  }
  if (impl === 'b') {
    const project = newProject();
    const component = githubComponentOf(project);
    return () => projenWorkflowYaml(buildProjenWorkflow(component, n));
  }
  return () => YAML.stringify(object, { indent: 2, lineWidth: 0 });
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  /** CPU time of the main thread alone (NaN where Linux's schedstat is not available). */
  threadCpuMs: number;
}

/**
 * On-CPU time of this process's main thread in ms, from Linux's
 * `/proc/self/task/<pid>/schedstat`; NaN elsewhere. Process CPU time also
 * counts V8's background threads (parallel scavenges, concurrent
 * compilation), which can outweigh a short run; this does not.
 */
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const HAS_SCHEDSTAT = fs.existsSync(SCHEDSTAT);
function mainThreadCpuMs(): number {
  return HAS_SCHEDSTAT ? Number(fs.readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6 : NaN;
}

function timeOnce(impl: Impl, n: number, object: unknown): Sample {
  const run = prepare(impl, n, object);
  const thread = mainThreadCpuMs();
  const cpu = process.cpuUsage();
  const start = nowMs();
  const text = run();
  const wallMs = nowMs() - start;
  const used = process.cpuUsage(cpu);
  const threadCpuMs = mainThreadCpuMs() - thread;
  if (text.length === 0) {
    throw new Error(`bench: ${impl} produced no text`);
  }
  return { wallMs, cpuMs: (used.user + used.system) / 1000, threadCpuMs };
}

/** `--rss-child=<impl>:<n>`: load everything, do one run (none for impl `none`), print maxRSS in KiB. */
function rssChild(spec: string): void {
  const [impl, size] = spec.split(':');
  const n = Number(size);
  const object = impl === 'c' ? YAML.parse(buildLibraryWorkflow(lib, newProject(), n).toYaml()) : undefined;
  const run = impl === 'none' ? () => String(newProject()) : prepare(impl as Impl, n, object);
  // (c)'s object is built before the baseline is known; charge (c) only for stringify by measuring from here.
  const before = impl === 'c' ? process.resourceUsage().maxRSS : 0;
  run();
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, beforeKb: before }));
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}

/** Peak RSS of one run in a fresh process, in MB: absolute, and above a process that loaded everything and ran nothing. */
function childPeakRss(impl: Impl | 'none', n: number): { peakMb: number; aboveBaselineMb: number } {
  const args = [...childNodeArgs(), '-r', 'ts-node/register', __filename, `--rss-child=${impl}:${n}`, ...argv.filter((a) => a === '--src' || a.startsWith('--constructs='))];
  const env = {
    ...childEnv(),
    TS_NODE_PROJECT: path.join(repoRoot, 'tsconfig.dev.json'),
    TS_NODE_TRANSPILE_ONLY: 'true',
    TS_NODE_COMPILER_OPTIONS: JSON.stringify({ rootDir: '.' }),
  };
  const peaks: number[] = [];
  const above: number[] = [];
  for (let i = 0; i < (QUICK ? 1 : 3); i++) {
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env });
    if (result.status !== 0) {
      throw new Error(`bench: peak RSS child ${impl}:${n} failed: ${result.stderr}`);
    }
    const { maxRssKb, beforeKb } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { maxRssKb: number; beforeKb: number };
    peaks.push(maxRssKb / 1024);
    above.push(impl === 'c' ? (maxRssKb - beforeKb) / 1024 : maxRssKb / 1024 - (rssBaselineMb ?? 0));
  }
  return { peakMb: round(median(peaks), 1), aboveBaselineMb: round(Math.max(0, median(above)), 1) };
}

let rssBaselineMb: number | undefined;

interface SizeResult {
  jobs: number;
  warmup: number;
  repeats: number;
  medianMs: { a: number; b: number; c: number };
  medianCpuMs: { a: number; b: number; c: number };
  /** Medians of the main thread's CPU time (Linux only; null elsewhere). */
  medianMainThreadCpuMs: { a: number; b: number; c: number } | null;
  usPerJob: { a: number; b: number; c: number };
  ratioAC: number;
  ratioAB: number;
  /** The same ratios from CPU time. */
  cpuRatioAC: number;
  cpuRatioAB: number;
  /** Peak RSS of a fresh process doing one run, and how much of it is above a process that did nothing (MB). */
  peakRssMb?: { a: number; b: number; c: number };
  peakRssAboveBaselineMb?: { a: number; b: number; c: number };
  yamlBytes: { a: number; b: number };
}

function measureSize(n: number): SizeResult {
  // The outputs, once, untimed: the object for (c), and a check that (a) and (b) describe the same jobs.
  const textA = buildLibraryWorkflow(lib, newProject(), n).toYaml();
  const textB = projenWorkflowYaml(buildProjenWorkflow(githubComponentOf(newProject()), n));
  const object = YAML.parse(textA) as { jobs: object };
  const expected = jobIds(n).join(',');
  for (const [name, text] of [['a', textA], ['b', textB]]) {
    const jobs = Object.keys((YAML.parse(text) as { jobs: object }).jobs).join(',');
    if (jobs !== expected) {
      throw new Error(`bench: (${name}) at n=${n} does not have the expected jobs`);
    }
  }

  const { warmup, repeats } = repeatsFor(n);
  const samples: { [impl in Impl]: Sample[] } = { a: [], b: [], c: [] };
  for (let r = -warmup; r < repeats; r++) {
    // Rotate the order so no implementation always runs right after another.
    const rotation = ((r % 3) + 3) % 3;
    for (let k = 0; k < 3; k++) {
      const impl = IMPLS[(k + rotation) % 3];
      const sample = timeOnce(impl, n, object);
      if (r >= 0) {
        samples[impl].push(sample);
      }
    }
  }
  const wall = (impl: Impl) => median(samples[impl].map((x) => x.wallMs));
  const cpu = (impl: Impl) => median(samples[impl].map((x) => x.cpuMs));
  const thread = (impl: Impl) => median(samples[impl].map((x) => x.threadCpuMs));
  const med = { a: wall('a'), b: wall('b'), c: wall('c') };
  const cpuMed = { a: cpu('a'), b: cpu('b'), c: cpu('c') };
  let rss: { [impl in Impl]: { peakMb: number; aboveBaselineMb: number } } | undefined;
  if (!SKIP_CHILDREN) {
    rssBaselineMb ??= childPeakRss('none', 0).peakMb;
    rss = { a: childPeakRss('a', n), b: childPeakRss('b', n), c: childPeakRss('c', n) };
  }
  return {
    jobs: n,
    warmup,
    repeats,
    medianMs: { a: round(med.a, 3), b: round(med.b, 3), c: round(med.c, 3) },
    medianCpuMs: { a: round(cpuMed.a, 3), b: round(cpuMed.b, 3), c: round(cpuMed.c, 3) },
    medianMainThreadCpuMs: HAS_SCHEDSTAT ? { a: round(thread('a'), 3), b: round(thread('b'), 3), c: round(thread('c'), 3) } : null,
    usPerJob: { a: round((med.a * 1000) / n, 1), b: round((med.b * 1000) / n, 1), c: round((med.c * 1000) / n, 1) },
    ratioAC: round(med.a / med.c),
    ratioAB: round(med.a / med.b),
    cpuRatioAC: round(cpuMed.a / cpuMed.c),
    cpuRatioAB: round(cpuMed.a / cpuMed.b),
    peakRssMb: rss && { a: rss.a.peakMb, b: rss.b.peakMb, c: rss.c.peakMb },
    peakRssAboveBaselineMb: rss && { a: rss.a.aboveBaselineMb, b: rss.b.aboveBaselineMb, c: rss.c.aboveBaselineMb },
    yamlBytes: { a: Buffer.byteLength(textA), b: Buffer.byteLength(textB) },
  };
}

// ---------------------------------------------------------------- full project.synth()

interface SynthResult {
  jobs: number;
  repeats: number;
  /** A bare project's `synth()` (its own files), to a fresh directory. */
  projectOnlyMs: number;
  /** Building the graph, then `synth()` (the project's files and the workflow file), to a fresh directory. */
  withWorkflowMs: number;
  /** `withWorkflowMs - projectOnlyMs`. */
  workflowMs: number;
  usPerJob: number;
}

function measureSynth(n: number): SynthResult {
  const repeats = QUICK ? 3 : 11;
  const only: number[] = [];
  const withWorkflow: number[] = [];
  for (let r = -1; r < repeats; r++) {
    for (const variant of ['only', 'with'] as const) {
      const project = newProject(freshDir());
      const start = nowMs();
      if (variant === 'with') {
        buildLibraryWorkflow(lib, project, n);
      }
      project.synth();
      const elapsed = nowMs() - start;
      if (r >= 0) {
        (variant === 'with' ? withWorkflow : only).push(elapsed);
      }
    }
  }
  const projectOnlyMs = median(only);
  const withWorkflowMs = median(withWorkflow);
  return {
    jobs: n,
    repeats,
    projectOnlyMs: round(projectOnlyMs),
    withWorkflowMs: round(withWorkflowMs),
    workflowMs: round(withWorkflowMs - projectOnlyMs),
    usPerJob: round(((withWorkflowMs - projectOnlyMs) * 1000) / n, 1),
  };
}

// ---------------------------------------------------------------- child processes

/** Runs `node -e script` `count` times; each prints `<wall ms> <cpu ms>` on its last line. */
function childTimes(script: string, count: number, cwd = repoRoot): { wall: number[]; cpu: number[] } {
  const times = { wall: [] as number[], cpu: [] as number[] };
  for (let i = 0; i < count; i++) {
    const result = spawnSync(process.execPath, [...childNodeArgs(), '-e', script], { cwd, encoding: 'utf8', env: childEnv() });
    if (result.status !== 0) {
      throw new Error(`bench: child process failed: ${result.stderr}`);
    }
    const [wall, cpu] = result.stdout.trim().split('\n').pop()!.split(' ').map(Number);
    times.wall.push(wall);
    times.cpu.push(cpu);
  }
  return times;
}

/** `node` arguments that make a child use the same `constructs` as this process (`--constructs=`). */
function childNodeArgs(): string[] {
  if (substitutedConstructs === undefined) {
    return [];
  }
  const hook = path.join(tmpRoot, 'constructs-hook.js');
  if (!fs.existsSync(hook)) {
    fs.writeFileSync(hook, resolveHookSource(substitutedConstructs));
  }
  return ['-r', hook];
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.PROJEN_DOCKER_CI_CHECK;
  delete env.NODE_OPTIONS;
  delete env.TS_NODE_PROJECT;
  return env;
}

interface ImportResult {
  processes: number;
  /** `require('projen-docker-ci')` in a fresh process (projen and constructs load with it). */
  coldMs: number;
  /** The same require after `require('projen')`, which every .projenrc has already done: our own cost. */
  afterProjenMs: number;
  /** `require('projen')` alone, for scale. */
  projenMs: number;
  /** The same three, in CPU time of the child (user + system), steadier on a shared machine. */
  coldCpuMs: number;
  afterProjenCpuMs: number;
  projenCpuMs: number;
}

function measureImport(): ImportResult {
  const processes = QUICK ? 5 : 15;
  const libPath = JSON.stringify(path.join(repoRoot, 'lib', 'index.js'));
  const timed = (what: string) => 'const t=process.hrtime.bigint();const c=process.cpuUsage();' +
    `${what};const u=process.cpuUsage(c);console.log(Number(process.hrtime.bigint()-t)/1e6+' '+(u.user+u.system)/1000)`;
  const cold = childTimes(timed(`require(${libPath})`), processes);
  const afterProjen = childTimes(`require('projen');${timed(`require(${libPath})`)}`, processes);
  const projen = childTimes(timed('require(\'projen\')'), processes);
  return {
    processes,
    coldMs: round(median(cold.wall)),
    afterProjenMs: round(median(afterProjen.wall)),
    projenMs: round(median(projen.wall)),
    coldCpuMs: round(median(cold.cpu)),
    afterProjenCpuMs: round(median(afterProjen.cpu)),
    projenCpuMs: round(median(projen.cpu)),
  };
}

interface SeedResult {
  processes: number;
  /** Whole `node` process running examples/seed/.projenrc.ts (transpiled): start, imports, graph, synth, exit. */
  withWorkflowMs: number;
  /** The same .projenrc with projen-docker-ci replaced by no-op stand-ins: the project without our workflow. */
  withoutWorkflowMs: number;
  overheadPercent: number;
  /** The same from the children's own CPU time (user + system), steadier on a shared machine. */
  withWorkflowCpuMs: number;
  withoutWorkflowCpuMs: number;
  cpuOverheadPercent: number;
}

/**
 * `npx projen` on examples/seed, minus npx and ts-node (the same in both
 * variants): its .projenrc.ts, transpiled to JavaScript once, runs in a fresh
 * `node` process that synthesizes to a fresh directory. The variant without
 * our workflow runs the very same file against stand-ins that do nothing.
 */
function measureSeed(): SeedResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const ts = require('typescript') as typeof import('typescript');
  const source = fs.readFileSync(path.join(repoRoot, 'examples', 'seed', '.projenrc.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const dir = freshDir();
  const stub = path.join(dir, 'stub.js');
  fs.writeFileSync(stub, [
    'class Noop { constructor() {} }',
    'exports.Workflow = Noop; exports.DockerBuildJob = Noop; exports.ContainerTestJob = Noop;',
    'exports.GhaCache = { max: () => ({}), min: () => ({}) };',
  ].join('\n'));
  const variant = (name: string, libraryPath: string) => {
    const file = path.join(dir, `${name}.js`);
    // Resolve `projen` from this repository, whatever directory the child runs in.
    const text = js
      .replace(/require\("projen-docker-ci"\)/g, `require(${JSON.stringify(libraryPath)})`)
      .replace(/require\("projen"\)/g, `require(${JSON.stringify(require.resolve('projen'))})`);
    fs.writeFileSync(file, `${text}\nconst used = process.cpuUsage();\nconsole.log((used.user + used.system) / 1000);\n`);
    return file;
  };
  const withFile = variant('with', path.join(repoRoot, 'lib', 'index.js'));
  const withoutFile = variant('without', stub);
  if (!js.includes('require("projen-docker-ci")')) {
    throw new Error('bench: examples/seed/.projenrc.ts no longer imports projen-docker-ci');
  }
  const processes = QUICK ? 5 : 21;
  const samples = { with: { wall: [] as number[], cpu: [] as number[] }, without: { wall: [] as number[], cpu: [] as number[] } };
  for (let i = -1; i < processes; i++) {
    // Alternate which variant goes first, so neither always runs right after the other.
    const order = i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const name of order) {
      const file = name === 'with' ? withFile : withoutFile;
      const cwd = freshDir();
      const start = nowMs();
      const result = spawnSync(process.execPath, [...childNodeArgs(), file], { cwd, encoding: 'utf8', env: childEnv() });
      const elapsed = nowMs() - start;
      if (result.status !== 0) {
        throw new Error(`bench: ${path.basename(file)} failed: ${result.stderr}`);
      }
      if (name === 'with' && !fs.existsSync(path.join(cwd, '.github', 'workflows', 'ci.yml'))) {
        throw new Error('bench: the seed variant wrote no workflow');
      }
      if (i >= 0) {
        samples[name].wall.push(elapsed);
        samples[name].cpu.push(Number(result.stdout.trim().split('\n').pop()));
      }
    }
  }
  const withMs = median(samples.with.wall);
  const withoutMs = median(samples.without.wall);
  const withCpu = median(samples.with.cpu);
  const withoutCpu = median(samples.without.cpu);
  return {
    processes,
    withWorkflowMs: round(withMs),
    withoutWorkflowMs: round(withoutMs),
    overheadPercent: round(((withMs - withoutMs) / withoutMs) * 100, 1),
    withWorkflowCpuMs: round(withCpu),
    withoutWorkflowCpuMs: round(withoutCpu),
    cpuOverheadPercent: round(((withCpu - withoutCpu) / withoutCpu) * 100, 1),
  };
}

// ---------------------------------------------------------------- report

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => pad(r, widths));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

function main(): void {
  if (RSS_CHILD !== undefined) {
    rssChild(RSS_CHILD);
    return;
  }
  const started = nowMs();
  const constructs = constructsInUse();
  const loadBefore = os.loadavg().map((x) => round(x));
  log(`projen-docker-ci bench: node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${loadBefore.join(' ')}`);
  log(`library from ${libraryFrom}; constructs ${constructs.version} (${constructs.dir})`);
  if (!constructs.linearAddChild) {
    log(`note: constructs < ${LINEAR_ADD_CHILD_SINCE} adds each child in O(children), so (a) grows as n^2 at large n; try --constructs=latest`);
  }
  log('(a) library: new Workflow + jobs + toYaml()   (b) projen GithubWorkflow + addJob + YamlFile text   (c) YAML.stringify(final object)');
  log('wall-clock medians; project creation outside the clock; no files written; peak RSS: one run in a fresh process');
  log();

  const sizes: SizeResult[] = [];
  for (const n of SIZES) {
    sizes.push(measureSize(n));
  }
  const rssCell = (s: SizeResult, impl: Impl) => (s.peakRssMb ? `${s.peakRssMb[impl].toFixed(0)} (+${s.peakRssAboveBaselineMb![impl].toFixed(0)})` : '-');
  log(table([
    ['jobs', 'a ms', 'b ms', 'c ms', 'a/c', 'a/b', 'a µs/job', 'b µs/job', 'c µs/job', 'a peak RSS MB', 'b peak RSS MB', 'c peak RSS MB', 'runs'],
    ...sizes.map((s) => [
      String(s.jobs), s.medianMs.a.toFixed(2), s.medianMs.b.toFixed(2), s.medianMs.c.toFixed(2),
      s.ratioAC.toFixed(2), s.ratioAB.toFixed(2),
      s.usPerJob.a.toFixed(1), s.usPerJob.b.toFixed(1), s.usPerJob.c.toFixed(1),
      rssCell(s, 'a'), rssCell(s, 'b'), rssCell(s, 'c'),
      String(s.repeats),
    ]),
  ]));
  if (HAS_SCHEDSTAT) {
    log(`main-thread CPU µs/job (a b c): ${sizes.map((s) => `${s.jobs}: ${['a', 'b', 'c'].map((i) => ((s.medianMainThreadCpuMs![i as Impl] * 1000) / s.jobs).toFixed(1)).join(' ')}`).join('; ')}`);
  }
  if (rssBaselineMb !== undefined) {
    log(`peak RSS: whole process (above a process that loaded everything and ran nothing: ${rssBaselineMb.toFixed(0)} MB)`);
  }
  log();

  const synth = SIZES.includes(SYNTH_SIZE) || flag('synth') ? measureSynth(SYNTH_SIZE) : undefined;
  if (synth) {
    log(`project.synth() to a temp dir, ${synth.jobs} jobs: ${synth.withWorkflowMs} ms with the workflow, ${synth.projectOnlyMs} ms bare project -> workflow ${synth.workflowMs} ms (${synth.usPerJob} µs/job)`);
  }

  let importResult: ImportResult | undefined;
  let seed: SeedResult | undefined;
  if (!SKIP_CHILDREN && !USE_SRC) {
    importResult = measureImport();
    log(`import (median of ${importResult.processes} fresh processes): require('projen-docker-ci') ${importResult.coldMs} ms cold (projen included), ` +
      `${importResult.afterProjenMs} ms after require('projen'); require('projen') alone ${importResult.projenMs} ms ` +
      `(CPU time: ${importResult.coldCpuMs}, ${importResult.afterProjenCpuMs}, ${importResult.projenCpuMs} ms)`);
    seed = measureSeed();
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${x}%`;
    log(`examples/seed synth (median of ${seed.processes} node processes): ${seed.withWorkflowMs} ms with our workflow, ` +
      `${seed.withoutWorkflowMs} ms without -> ${signed(seed.overheadPercent)} (CPU time: ${seed.withWorkflowCpuMs} vs ${seed.withoutWorkflowCpuMs} ms -> ${signed(seed.cpuOverheadPercent)})`);
  }
  log();

  const at = (n: number) => sizes.find((s) => s.jobs === n);
  interface Target {
    value: number | null;
    cpuValue: number | null;
    limit: number;
    holds: boolean | null;
    holdsOnCpu: boolean | null;
  }
  const targets: { [name: string]: Target } = {};
  const target = (name: string, value: number | undefined, cpuValue: number | undefined, limit: number) => {
    targets[name] = {
      value: value ?? null,
      cpuValue: cpuValue ?? null,
      limit,
      holds: value === undefined ? null : value <= limit,
      holdsOnCpu: cpuValue === undefined ? null : cpuValue <= limit,
    };
  };
  const cpuPerJob = (s: SizeResult | undefined) => (s ? s.medianCpuMs.a / s.jobs : undefined);
  target('a/c at 1000 jobs <= 1.5', at(1000)?.ratioAC, at(1000)?.cpuRatioAC, 1.5);
  target('a/b at every size <= 1.0', sizes.length > 0 ? Math.max(...sizes.map((s) => s.ratioAB)) : undefined,
    sizes.length > 0 ? Math.max(...sizes.map((s) => s.cpuRatioAB)) : undefined, 1.0);
  const linear = at(5000) && at(100) ? round(at(5000)!.usPerJob.a / at(100)!.usPerJob.a) : undefined;
  const cpuLinear = at(5000) && at(100) ? round(cpuPerJob(at(5000))! / cpuPerJob(at(100))!) : undefined;
  target('µs/job at 5000 / µs/job at 100 <= 1.3', linear, cpuLinear, 1.3);
  const threadPerJob = (s: SizeResult | undefined) => (s?.medianMainThreadCpuMs ? s.medianMainThreadCpuMs.a / s.jobs : undefined);
  const threadLinear = threadPerJob(at(5000)) !== undefined && threadPerJob(at(100)) !== undefined
    ? round(threadPerJob(at(5000))! / threadPerJob(at(100))!) : undefined;
  target('import after projen < 50 ms', importResult?.afterProjenMs, importResult?.afterProjenCpuMs, 50);
  target('examples/seed synth overhead < 10 %', seed?.overheadPercent, seed?.cpuOverheadPercent, 10);
  for (const [name, t] of Object.entries(targets)) {
    const verdict = t.holds === null ? 'n/a ' : t.holds ? 'OK  ' : 'MISS';
    const cpu = t.cpuValue === null ? '' : ` (CPU time: ${t.cpuValue}, ${t.holdsOnCpu ? 'holds' : 'misses'})`;
    log(`${verdict} ${name}: ${t.value ?? 'not measured'}${cpu}`);
  }
  if (threadLinear !== undefined) {
    log(`     (µs/job at 5000 / at 100 in main-thread CPU time, without V8's background threads: ${threadLinear})`);
  }

  const report = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}`,
    loadAverage: { before: loadBefore, after: os.loadavg().map((x) => round(x)) },
    library: libraryFrom,
    constructs: constructs.version,
    sizes,
    peakRssBaselineMb: rssBaselineMb,
    synth,
    import: importResult,
    seed,
    targets,
    /** µs/job at 5000 over µs/job at 100, in main-thread CPU time (Linux only). */
    mainThreadLinearity: threadLinear ?? null,
    processMaxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
    durationS: round((nowMs() - started) / 1000, 1),
  };
  log(`load average after: ${report.loadAverage.after.join(' ')}; bench took ${report.durationS} s`);
  log();
  console.log(JSON.stringify(report, undefined, JSON_ONLY ? 2 : undefined));
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}

main();
