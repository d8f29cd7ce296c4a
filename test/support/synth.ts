import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Project } from 'projen';
import type { Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';

/** A bare projen project in a fresh temporary directory. */
export function tempProject(name = 'test-project'): Project {
  return new Project({ name, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-')) });
}

/** Synthesizes `project` and returns the text of `relativePath` as written on disk. */
export function synthFile(project: Project, relativePath: string): string {
  project.synth();
  return fs.readFileSync(path.join(project.outdir, relativePath), 'utf8');
}

/** Every file below `dir` (relative paths, sorted), for "nothing was written" checks. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        out.push(path.relative(dir, full));
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** The problems `ci.toYaml()` refuses with, failing the test unless it throws a WorkflowValidationError. */
export function validationProblems(ci: Workflow): string[] {
  try {
    ci.toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}
