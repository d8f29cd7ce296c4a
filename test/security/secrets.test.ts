/**
 * Secrets: the registry password only ever appears as `${{ secrets.X }}` in
 * `with:` / `container.credentials`, never in `run:` text and never in a job
 * output (GitHub drops an output that contains a secret, so the consumer
 * would silently get '').
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import type { JobModel } from '../../src/workflow/workflow-model';
import { listFiles, tempProject } from '../support/synth';

const GOLDEN = path.join(__dirname, '..', 'golden');
const GOLDEN_FILES = fs.readdirSync(GOLDEN).filter((f) => f.endsWith('.yml')).sort();

describe('the generated workflows', () => {
  test('there are golden workflows to check, the pinned one included', () => {
    expect(GOLDEN_FILES).toContain('pinned.yml');
    expect(GOLDEN_FILES.length).toBeGreaterThanOrEqual(5);
  });

  test.each(GOLDEN_FILES)('%s: secrets appear only as ${{ secrets.X }} password values, never in outputs or run:', (file) => {
    const text = fs.readFileSync(path.join(GOLDEN, file), 'utf8');
    const secretLines = text.split('\n').filter((line) => /secrets\b|github\.token/.test(line));
    expect(secretLines.length).toBeGreaterThan(0);
    // Registry credentials (login and container.credentials), cloud credentials as the build step's env
    // (S3Cache, build secrets), and the gha cache's ghtoken as a format() argument of the gated cache-to (GhaCache githubApi).
    const allowed = [
      /^\s+(?:username|password): \$\{\{ secrets\.[A-Za-z_][A-Za-z0-9_]* \}\}$/,
      /^\s+[A-Z][A-Z0-9_]*: \$\{\{ secrets\.[A-Za-z_][A-Za-z0-9_]* \}\}$/,
      /^\s+cache-to: \$\{\{ .* && format\('[^']*,ghtoken=\{\d\}', (?:[a-z.]+, )*github\.token\) \|\| '' \}\}$/,
    ];
    for (const line of secretLines) {
      expect(allowed.some((pattern) => pattern.test(line)) ? line : `not allowed: ${line}`).toBe(line);
    }
    const doc = YAML.parse(text);
    for (const job of Object.values(doc.jobs as { [id: string]: { outputs?: object; steps: { run?: string }[] } })) {
      expect(JSON.stringify(job.outputs ?? {})).not.toMatch(/secrets|github\.token/);
      for (const step of job.steps) {
        expect(step.run ?? '').not.toMatch(/secrets|github\.token/);
      }
    }
  });
});

/** A build job whose model leaks a secret, as a future change to the library might. */
class LeakyBuild extends DockerBuildJob {
  public _toModel(): JobModel {
    const model = super._toModel();
    return {
      ...model,
      outputs: { ...model.outputs, token: '${{ secrets.GITHUB_TOKEN }}' },
      steps: [...model.steps, { name: 'Debug', run: 'echo ${{ github.token }}' }],
    };
  }
}

describe('the guard on the rendered model', () => {
  test('an output or a run: that reads a secret is refused at synth, and nothing is written', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    new ContainerTestJob(ci, 'test', { image: new LeakyBuild(ci, 'build', { image: 'ghcr.io/acme/app' }), steps: [{ run: 'make' }] });
    let error: unknown;
    try {
      project.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect((error as WorkflowValidationError).problems).toEqual([
      'ci/build: output "token" reads a secret; GitHub drops job outputs that contain a secret, so the jobs that need it would get \'\'. Derive outputs from non-secret values only. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idoutputs',
      'ci/build: step 5 ("Debug") interpolates a secret into `run`; pass it through env instead. See https://docs.github.com/en/actions/reference/security/secure-use',
    ]);
    expect(listFiles(project.outdir)).toEqual([]);
    expect(() => ci.toYaml()).toThrow(WorkflowValidationError);
  });
});
