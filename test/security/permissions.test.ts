/**
 * Token permissions: each job gets what its constructs need; user additions
 * merge (the higher level wins); lowering what a construct needs is refused,
 * naming that construct.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, JobPermissions, PermissionLevel, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function pipeline(build?: JobPermissions, test?: JobPermissions): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', permissions: build });
  new ContainerTestJob(ci, 'test', { image, permissions: test, steps: [{ run: 'make test' }] });
  return ci;
}

function problemsOf(ci: Workflow): string[] {
  try {
    ci.toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  return [];
}

describe('job permissions', () => {
  test('by default each job gets exactly what its constructs need, and the workflow nothing', () => {
    const doc = YAML.parse(pipeline().toYaml());
    expect(doc.permissions).toEqual({});
    expect(doc.jobs.build.permissions).toEqual({ contents: 'read', packages: 'write' });
    expect(doc.jobs.test.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  test('user additions merge in GitHub\'s scope order; a higher level wins over a need', async () => {
    const ci = pipeline(
      { idToken: PermissionLevel.WRITE, actions: PermissionLevel.READ, contents: PermissionLevel.WRITE },
      { pullRequests: PermissionLevel.WRITE, checks: PermissionLevel.NONE },
    );
    const yaml = ci.toYaml();
    expect(yaml).toContain([
      '    permissions:',
      '      actions: read',
      '      contents: write',
      '      id-token: write',
      '      packages: write',
    ].join('\n'));
    expect(yaml).toContain([
      '    permissions:',
      '      checks: none',
      '      contents: read',
      '      packages: read',
      '      pull-requests: write',
    ].join('\n'));
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('every scope of JobPermissions is written with GitHub\'s name (attestations and models included: GitHub\'s parser and actionlint 1.7.12 know both)', () => {
    const all = pipeline({
      actions: PermissionLevel.READ,
      attestations: PermissionLevel.WRITE,
      checks: PermissionLevel.READ,
      contents: PermissionLevel.READ,
      deployments: PermissionLevel.READ,
      discussions: PermissionLevel.READ,
      idToken: PermissionLevel.WRITE,
      issues: PermissionLevel.READ,
      models: PermissionLevel.READ,
      packages: PermissionLevel.WRITE,
      pages: PermissionLevel.READ,
      pullRequests: PermissionLevel.READ,
      securityEvents: PermissionLevel.READ,
      statuses: PermissionLevel.READ,
    });
    expect(Object.keys(YAML.parse(all.toYaml()).jobs.build.permissions)).toEqual([
      'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues',
      'models', 'packages', 'pages', 'pull-requests', 'security-events', 'statuses',
    ]);
  });

  test('setting a scope to what is needed anyway changes nothing', () => {
    const same = pipeline({ packages: PermissionLevel.WRITE, contents: PermissionLevel.READ });
    expect(same.toYaml()).toBe(pipeline().toYaml());
  });

  test('lowering what a construct needs is refused, naming the construct and why', () => {
    expect(problemsOf(pipeline({ packages: PermissionLevel.READ }, { contents: PermissionLevel.NONE, packages: PermissionLevel.NONE }))).toEqual([
      'ci/build: permissions.packages is \'read\', but DockerBuildJob "build" (to push ghcr.io/acme/app to ghcr.io) needs packages: write; leave packages out (the job gets what it needs) or set it to PermissionLevel.WRITE.',
      'ci/test: permissions.contents is \'none\', but ContainerTestJob "test" (checkout) needs contents: read; leave contents out (the job gets what it needs) or set it to PermissionLevel.READ.',
      'ci/test: permissions.packages is \'none\', but ContainerTestJob "test" (to pull its image from ghcr.io with the GITHUB_TOKEN) needs packages: read; leave packages out (the job gets what it needs) or set it to PermissionLevel.READ.',
    ]);
  });

  test('garbage from untyped callers is refused with the valid choices, never a TypeError', () => {
    expect(problemsOf(pipeline(
      { pullrequests: 'write', contents: 'admin', idToken: PermissionLevel.READ, models: PermissionLevel.WRITE } as never,
      'write-all' as never,
    ))).toEqual([
      'ci/build: permissions.pullrequests is not a permission scope; use actions, attestations, checks, contents, deployments, discussions, idToken, issues, models, packages, pages, pullRequests, securityEvents, statuses. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions',
      'ci/build: permissions.contents is "admin"; use PermissionLevel.READ, PermissionLevel.WRITE or PermissionLevel.NONE. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions',
      'ci/build: permissions.idToken is \'read\', which GitHub does not accept for id-token; use PermissionLevel.WRITE or PermissionLevel.NONE. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions',
      'ci/build: permissions.models is \'write\', which GitHub does not accept for models; use PermissionLevel.READ or PermissionLevel.NONE. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions',
      'ci/test: permissions is "write-all"; give an object of scopes, for example { idToken: PermissionLevel.WRITE }.',
    ]);
  });
});
