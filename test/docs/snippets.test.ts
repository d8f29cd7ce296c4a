/**
 * Every TypeScript snippet in README.md and docs/*.md is a complete
 * `.projenrc.ts`-style program and must type-check (strict) against the
 * library's sources, with `projen-docker-ci` resolved to `src/index.ts`.
 * Every snippet that calls `project.synth()` is also run, and each workflow
 * it writes must pass the judge: a documented example that type-checks but
 * is refused, or writes an invalid workflow, fails here.
 * A snippet that shows a fragment on purpose starts with `// fragment`
 * and is skipped.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { expectValidWorkflow } from '../support/judge';

const ROOT = path.resolve(__dirname, '..', '..');

/** README.md and every Markdown file under docs/, sorted. */
function markdownFiles(): string[] {
  const docs = path.join(ROOT, 'docs');
  const files = fs.existsSync(docs)
    ? fs.readdirSync(docs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))
    : [];
  return ['README.md', ...files.sort()];
}

interface Snippet {
  readonly source: string;
  readonly line: number;
  readonly code: string;
}

function snippetsOf(file: string): Snippet[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const snippets: Snippet[] = [];
  for (const match of text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split('\n').length;
    if (!match[1].startsWith('// fragment')) {
      snippets.push({ source: file, line, code: match[1] });
    }
  }
  return snippets;
}

const SNIPPETS = markdownFiles().flatMap(snippetsOf);

test('the README has TypeScript snippets to check', () => {
  expect(SNIPPETS.filter((s) => s.source === 'README.md').length).toBeGreaterThan(0);
});

test('every TypeScript snippet in README.md and docs/ type-checks', () => {
  const dir = path.join(ROOT, 'test-reports', 'snippets');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = SNIPPETS.map((snippet, index) => {
    const file = path.join(dir, `${index}-${snippet.source.replace(/[/.]/g, '_')}-L${snippet.line}.ts`);
    // Each snippet is its own module, so two snippets may declare the same names.
    fs.writeFileSync(file, `${snippet.code}\nexport {};\n`);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    baseUrl: ROOT,
    paths: { 'projen-docker-ci': ['./src/index.ts'] },
    ignoreDeprecations: '6.0',
  });
  const problems = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || files.includes(path.resolve(d.file.fileName)))
    .map((d) => {
      const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 120_000);

/** The snippets that are whole programs: they declare `project` and synthesize it. */
const RUNNABLE = SNIPPETS.filter((s) => /^const project = /m.test(s.code) && /^project\.synth\(\);$/m.test(s.code));

test('most snippets are whole programs that synthesize', () => {
  expect(RUNNABLE.length).toBeGreaterThan(SNIPPETS.length / 2);
});

describe.each(RUNNABLE.map((s) => [`${s.source}:${s.line}`, s] as const))('the snippet at %s', (_where, snippet) => {
  test('synthesizes, and every workflow it writes passes the judge', async () => {
    const js = ts.transpileModule(snippet.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    }).outputText;
    // jest's require maps 'projen-docker-ci' to src/; under NODE_ENV=test projen synthesizes into a temporary directory.
    const captured: { outdir?: string } = {};
    // Run from a fresh directory: in a checkout under the temp dir (CI's clean clone) projen writes
    // to the cwd, and from the repository root it would replace the repository's own files.
    const cwd = process.cwd();
    process.chdir(fs.mkdtempSync(path.join(os.tmpdir(), 'snippet-')));
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('require', 'exports', '__capture', `${js}\n__capture(project);`)(require, {}, (p: { outdir: string }) => { captured.outdir = p.outdir; });
    } finally {
      process.chdir(cwd);
    }
    const workflows = path.join(captured.outdir!, '.github', 'workflows');
    const files = fs.readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      await expectValidWorkflow(fs.readFileSync(path.join(workflows, file), 'utf8'), `${snippet.source}:${snippet.line} ${file}`);
    }
  }, 60_000);
});
