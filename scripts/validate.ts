/**
 * `npm run validate`: runs the judge (GitHub's workflow parser, actionlint
 * 1.7.12 and zizmor, see scripts/judge-core.ts) over workflow files and exits
 * non-zero when any has a finding.
 *
 *   npm run validate                     # every workflow under examples/ and .github/workflows/
 *   npm run validate -- path/to/repo     # every workflow below a directory (any repository)
 *   npm run validate -- a.yml b.yaml     # these files
 *   npm run validate -- --config actionlint.yaml path/to/repo
 *
 * A directory argument is searched for `.github/workflows/*.yml|yaml` at any
 * depth (node_modules and .git skipped); a file argument is judged as given.
 * actionlint's config (self-hosted runner labels, config variables): the file
 * `--config` names, else the judged repository's `.github/actionlint.yaml`
 * (or `.yml`) as actionlint itself finds it (the folder that holds
 * `.github/workflows/`), else the judge's default (scripts/actionlint.yaml).
 * Every judge runs; `PDC_JUDGES` (as in the tests) picks fewer, for example
 * `PDC_JUDGES=default` for the tests' set. The tools are installed on first
 * use (scripts/judge-tools.ts).
 * Exit codes: 0 all valid, 1 findings, 2 nothing to judge or a bad argument.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ALL_JUDGES, DEFAULT_ACTIONLINT_CONFIG, Finding, formatFindings, judgesFromEnv, judgeWorkflows } from './judge-core';
import { installJudgeTools } from './judge-tools';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const WORKFLOW_FILE = /\.ya?ml$/;

/** Workflow files below `dir`: every `.yml`/`.yaml` directly inside a `.github/workflows` folder. */
function findWorkflows(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) {
        walk(full);
      } else if (entry.isFile() && WORKFLOW_FILE.test(entry.name) && path.basename(d) === 'workflows' && path.basename(path.dirname(d)) === '.github') {
        found.push(full);
      }
    }
  };
  walk(dir);
  return found;
}

/** The repository's own actionlint config, found as actionlint finds it: `.github/actionlint.y(a)ml` beside the workflows folder. */
function repositoryConfig(file: string): string | undefined {
  const workflows = path.dirname(path.resolve(file));
  if (path.basename(workflows) !== 'workflows' || path.basename(path.dirname(workflows)) !== '.github') {
    return undefined;
  }
  return ['actionlint.yaml', 'actionlint.yml'].map((f) => path.join(path.dirname(workflows), f)).find((f) => fs.existsSync(f));
}

async function main(argv: string[]): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const args: string[] = [];
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const option = /^--config(?:=(.*))?$/.exec(argv[i]);
    if (option === null) {
      args.push(argv[i]);
      continue;
    }
    config = option[1] ?? argv[++i];
    if (config === undefined || !fs.existsSync(config) || !fs.statSync(config).isFile()) {
      console.error(`validate: --config needs an actionlint config file${config === undefined ? '' : `; ${config} is not one`}`);
      return 2;
    }
  }
  const judges = process.env.PDC_JUDGES ? judgesFromEnv() : [...ALL_JUDGES];
  const targets = args.length > 0 ? args : [path.join(root, 'examples'), path.join(root, '.github', 'workflows')].filter((p) => fs.existsSync(p));
  const files: string[] = [];
  for (const target of targets) {
    if (!fs.existsSync(target)) {
      console.error(`validate: ${target} does not exist`);
      return 2;
    }
    if (fs.statSync(target).isDirectory()) {
      // `.github/workflows` itself: its files are the workflows.
      const own = path.basename(target) === 'workflows' && path.basename(path.dirname(path.resolve(target))) === '.github';
      const direct = () => fs.readdirSync(target).filter((f) => WORKFLOW_FILE.test(f)).sort().map((f) => path.join(target, f));
      files.push(...(own ? direct() : findWorkflows(target)));
    } else {
      files.push(target);
    }
  }
  if (files.length === 0) {
    console.error(`validate: no workflow files found in ${targets.join(', ') || '(nothing)'}`);
    return 2;
  }
  installJudgeTools({ log: (line) => console.error(line) });
  // One batch per actionlint config: one actionlint and one zizmor process per batch.
  const byConfig = new Map<string, string[]>();
  for (const file of files) {
    const used = path.resolve(config ?? repositoryConfig(file) ?? DEFAULT_ACTIONLINT_CONFIG);
    byConfig.set(used, [...(byConfig.get(used) ?? []), file]);
  }
  const findingsOf = new Map<string, Finding[]>();
  for (const [actionlintConfig, group] of byConfig) {
    const results = await judgeWorkflows(group.map((f) => ({ text: fs.readFileSync(f, 'utf8'), fileName: path.basename(f) })), { judges, actionlintConfig });
    group.forEach((f, i) => findingsOf.set(f, results[i]));
  }
  let bad = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    const findings = findingsOf.get(file)!;
    if (findings.length === 0) {
      console.log(`ok      ${shown}`);
    } else {
      bad++;
      console.log(`FAILED  ${shown}: ${findings.length} finding(s)`);
      console.log(formatFindings(findings).replace(/^/gm, '  '));
    }
  }
  console.log(`${files.length - bad} valid, ${bad} with findings (${judges.join(', ')})`);
  return bad > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
