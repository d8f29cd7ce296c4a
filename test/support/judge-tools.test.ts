/**
 * The judge's native tools (scripts/judge-tools.ts): pinned versions,
 * installed once (jest's globalSetup did it before this file ran) and reused,
 * and one clear error when python3 or go is missing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ACTIONLINT_VERSION, installJudgeTools, judgeToolPaths, ZIZMOR_VERSION } from '../../scripts/judge-tools';

describe('installJudgeTools', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-judge-tools-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reuses the installed tools, which answer the pinned versions', () => {
    const { tools, installed } = installJudgeTools();
    expect(installed).toEqual([]);
    expect(tools).toEqual(judgeToolPaths());
    expect(spawnSync(tools.zizmor, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`zizmor ${ZIZMOR_VERSION}`);
    expect(spawnSync(tools.actionlint, ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0]).toBe(`v${ACTIONLINT_VERSION}`);
  });

  test('without python3 and go on PATH: one error naming both and what each is for', () => {
    const emptyBin = fs.mkdtempSync(path.join(dir, 'bin-'));
    expect(() => installJudgeTools({ dir: path.join(dir, 'tools'), env: { PATH: emptyBin } })).toThrow([
      'The judge needs tools it cannot install:',
      `- python3 is not on PATH: zizmor ${ZIZMOR_VERSION} is installed from PyPI into a virtualenv (install Python 3 with its venv module, e.g. Debian's python3 and python3-venv)`,
      `- go is not on PATH: actionlint ${ACTIONLINT_VERSION} is built from its Go module with \`go install\` (install Go 1.25 or newer, https://go.dev/dl/)`,
    ].join('\n'));
    expect(fs.existsSync(path.join(dir, 'tools', 'venv'))).toBe(false);
  });

  test('with python3 but without go: the error names go only', () => {
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    fs.symlinkSync(python, path.join(bin, 'python3'));
    let message = '';
    try {
      installJudgeTools({ dir: path.join(dir, 'tools'), env: { PATH: bin } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'The judge needs tools it cannot install:',
      `- go is not on PATH: actionlint ${ACTIONLINT_VERSION} is built from its Go module with \`go install\` (install Go 1.25 or newer, https://go.dev/dl/)`,
    ]);
  });
});
