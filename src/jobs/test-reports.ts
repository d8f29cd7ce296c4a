/**
 * Uploading test reports (JUnit XML, coverage...) from inside the container
 * as workflow artifacts, even when the tests failed.
 *
 * @see https://github.com/actions/upload-artifact#inputs
 */
import { isPositiveInteger } from './step-validation';
import type { ActionResolver } from '../actions/action-table';
import { expr } from '../expressions/expressions';
import type { StepModel } from '../workflow/workflow-model';

/** What the upload does when `path` matches no file. */
export enum IfNoFilesFound {
  /** Log a warning; the step succeeds. */
  WARN = 'warn',
  /** Fail the step. */
  ERROR = 'error',
  /** Say nothing. */
  IGNORE = 'ignore',
}

/**
 * Files to upload as an artifact after the job's steps, even when a step
 * failed (not when the run was cancelled). In a job with a `strategy`, the
 * name gets `-<n>` (the matrix job index), because artifact names must be
 * unique within a run.
 */
export interface TestReport {
  /** The artifact name, e.g. `junit`. No `/`, `\`, `"`, `:`, `<`, `>`, `|`, `*` or `?`. */
  readonly name: string;
  /**
   * Files, directories or globs relative to the workspace, one per line
   * (`reports/junit.xml`, `coverage/`); `!pattern` excludes.
   */
  readonly path: string;
  /**
   * What to do when nothing matches `path`.
   * @default IfNoFilesFound.WARN
   */
  readonly ifNoFilesFound?: IfNoFilesFound;
  /**
   * Days to keep the artifact (1-90).
   * @default - the repository's setting (90 days unless changed)
   */
  readonly retentionDays?: number;
}

/** Characters upload-artifact refuses in a name. */
const BAD_NAME = /["\\/:<>|*?\r\n]/;

/** The upload steps for `reports`; `matrix` adds the job index to each name. */
export function reportSteps(actions: ActionResolver, reports: readonly TestReport[] | undefined, matrix: boolean): StepModel[] {
  return (reports ?? []).map((report) => ({
    name: `Upload ${report.name}`,
    if: expr('!cancelled()'),
    ...actions.ref('uploadArtifact'),
    with: {
      'name': matrix ? `${report.name}-${expr('strategy.job-index')}` : report.name,
      'path': report.path,
      'if-no-files-found': report.ifNoFilesFound ?? IfNoFilesFound.WARN,
      ...(report.retentionDays !== undefined ? { 'retention-days': String(report.retentionDays) } : {}),
    },
  }));
}

/** Problems with `reports`, each saying how to fix it. */
export function reportProblems(reports: unknown): string[] {
  if (reports === undefined) {
    return [];
  }
  if (!Array.isArray(reports)) {
    return [`reports is ${JSON.stringify(reports) ?? String(reports)}; give a list such as [{ name: 'junit', path: 'reports/junit.xml' }].`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  reports.forEach((report: TestReport | null, index: number) => {
    const at = `reports[${index}]`;
    if (report === null || typeof report !== 'object') {
      problems.push(`${at} is ${JSON.stringify(report) ?? String(report)}; give { name, path }, for example { name: 'junit', path: 'reports/junit.xml' }.`);
      return;
    }
    if (typeof report.name !== 'string' || report.name.trim() === '' || BAD_NAME.test(report.name)) {
      problems.push(`${at}.name is ${JSON.stringify(report.name) ?? String(report.name)}; give a non-empty artifact name without / \\ " : < > | * ? or line breaks, for example "junit".`);
    } else if (seen.has(report.name.toLowerCase())) {
      problems.push(`${at}.name "${report.name}" is used by another report of this job; artifact names must be unique in a run.`);
    } else {
      seen.add(report.name.toLowerCase());
    }
    if (typeof report.path !== 'string' || report.path.trim() === '') {
      problems.push(`${at}.path is ${JSON.stringify(report.path) ?? String(report.path)}; give the files to upload, for example "reports/junit.xml".`);
    }
    if (report.ifNoFilesFound !== undefined && !Object.values(IfNoFilesFound).includes(report.ifNoFilesFound)) {
      problems.push(`${at}.ifNoFilesFound is ${JSON.stringify(report.ifNoFilesFound) ?? String(report.ifNoFilesFound)}; use IfNoFilesFound.WARN, ERROR or IGNORE.`);
    }
    if (report.retentionDays !== undefined && (!isPositiveInteger(report.retentionDays) || report.retentionDays > 90)) {
      problems.push(`${at}.retentionDays is ${JSON.stringify(report.retentionDays) ?? String(report.retentionDays)}; use a whole number of days from 1 to 90.`);
    }
  });
  return problems;
}
