import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, ForkPullRequests, RunnerJob, Workflow, WorkflowResult } from '../../src';
import { buildSeed } from '../support/seed';
import { RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * What a per-event diagram draws: by subgraph id (`push`, `pr`, `fork`), its
 * title and each job's state (`runs`, `skipped`, `maybe`) and label lines.
 */
function viewsOf(mermaid: string): { [view: string]: { title: string; jobs: { [id: string]: { state: string; lines: string[] } } } } {
  const views: ReturnType<typeof viewsOf> = {};
  let current: string | undefined;
  for (const line of mermaid.split('\n')) {
    const subgraph = /^ {2}subgraph (\w+)\["(.*)"\]$/.exec(line);
    const node = /^ {4}\w+_j\d+\[{1,2}"(.*)"\]{1,2}(?::::(\w+))?$/.exec(line);
    if (subgraph) {
      current = subgraph[1];
      views[current] = { title: subgraph[2], jobs: {} };
    } else if (node && current !== undefined) {
      const [first, ...lines] = node[1].split('<br/>');
      const id = /\(([A-Za-z0-9_-]+)\)$/.exec(first)?.[1] ?? first;
      views[current].jobs[id] = { state: node[2] ?? 'runs', lines };
    }
  }
  return views;
}

/** The jobs in each view that are in `state`. */
function jobsIn(mermaid: string, state: string): { [view: string]: string[] } {
  const views = Object.entries(viewsOf(mermaid));
  return Object.fromEntries(views.map(([view, v]) => [view, Object.keys(v.jobs).filter((id) => v.jobs[id].state === state)]));
}

describe('Workflow diagrams', () => {
  test('toMermaid() draws the seed once per event: what runs, what is skipped and why, and the image each job runs in', () => {
    const { ci } = buildSeed(tempProject());
    expect(ci.toMermaid()).toBe([
      '---',
      'title: "Continuous Integration new cache"',
      '---',
      'flowchart LR',
      '  subgraph push["push to main"]',
      '    direction LR',
      '    push_j0[["build_docker<br/>builds and pushes ghcr.io/mmeendez8/cache_docker/ci_dlc"]]',
      '    push_j1["lint_and_test<br/>runs in ghcr.io/mmeendez8/cache_docker/ci_dlc@#lt;digest of build_docker#gt;<br/>pushed by build_docker, by digest"]',
      '    push_j2["build_docker_fork<br/>skipped: its if: is false on this event"]:::skipped',
      '    push_j3["result<br/>needs every job; the check to require: passes when the jobs this event runs passed"]',
      '    push_j0 -->|"image"| push_j1',
      '    push_j0 -.->|"archive-id, archive-digest, archive"| push_j2',
      '    push_j1 --> push_j3',
      '    push_j2 -.-> push_j3',
      '  end',
      '  subgraph pr["pull request from a branch of the repository"]',
      '    direction LR',
      '    pr_j0[["build_docker<br/>builds and pushes ghcr.io/mmeendez8/cache_docker/ci_dlc"]]',
      '    pr_j1["lint_and_test<br/>runs in ghcr.io/mmeendez8/cache_docker/ci_dlc@#lt;digest of build_docker#gt;<br/>pushed by build_docker, by digest"]',
      '    pr_j2["build_docker_fork<br/>skipped: its if: is false on this event"]:::skipped',
      '    pr_j3["result<br/>needs every job; the check to require: passes when the jobs this event runs passed"]',
      '    pr_j0 -->|"image"| pr_j1',
      '    pr_j0 -.->|"archive-id, archive-digest, archive"| pr_j2',
      '    pr_j1 --> pr_j3',
      '    pr_j2 -.-> pr_j3',
      '  end',
      '  subgraph fork["pull request from a fork"]',
      '    direction LR',
      '    fork_j0[["build_docker<br/>builds ghcr.io/mmeendez8/cache_docker/ci_dlc without pushing (a fork\'s token cannot push)<br/>hands it over as the artifact build_docker-image.tar"]]',
      '    fork_j1["lint_and_test<br/>skipped: build_docker hands over no image on this event"]:::skipped',
      '    fork_j2["build_docker_fork<br/>runs the steps of lint_and_test with docker run in fork-ci/build_docker:local<br/>loaded from the artifact of build_docker, not pushed"]',
      '    fork_j3["result<br/>needs every job; the check to require: passes when the jobs this event runs passed"]',
      '    fork_j0 -.->|"image"| fork_j1',
      '    fork_j0 -->|"archive-id, archive-digest, archive"| fork_j2',
      '    fork_j1 -.-> fork_j3',
      '    fork_j2 --> fork_j3',
      '  end',
      '  classDef skipped stroke-dasharray: 5 5,stroke:#999999,color:#999999',
      '  classDef maybe stroke-dasharray: 2 2',
      '',
    ].join('\n'));
  });

  test('a deploy gated on pushes to main runs only on push; the fork fallback only on forks; the result on every event', () => {
    const { ci, tests } = buildSeed(tempProject());
    const deploy = new RunnerJob(ci, 'deploy', { if: "github.event_name == 'push' && github.ref == 'refs/heads/main'", steps: [{ run: './deploy.sh' }] });
    deploy.addNeeds(tests);
    const text = ci.toMermaid();
    expect(jobsIn(text, 'runs')).toEqual({
      push: ['build_docker', 'lint_and_test', 'deploy', 'result'],
      pr: ['build_docker', 'lint_and_test', 'result'],
      fork: ['build_docker', 'build_docker_fork', 'result'],
    });
    expect(viewsOf(text).pr.jobs.deploy.lines).toEqual(['skipped: its if: is false on this event']);
    expect(viewsOf(text).fork.jobs.deploy.lines).toEqual(['skipped: lint_and_test is skipped']);
  });

  test('a job whose if depends on what only the run knows is drawn dashed, "runs if ..."', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
    new RunnerJob(ci, 'release', { if: "vars.RELEASES == 'on'", steps: [{ run: './release.sh' }] });
    const text = ci.toMermaid();
    expect(text).toContain('    push_j0["release<br/>runs if vars.RELEASES == \'on\'"]:::maybe\n');
  });

  test('only the events the triggers admit are drawn; a workflow none of them starts is drawn once, without events', () => {
    const draw = (triggers: object) => {
      const ci = new Workflow(tempProject(), 'ci', { triggers, result: WorkflowResult.none() });
      new RunnerJob(ci, 'test', { steps: [{ run: 'make test' }] });
      return ci.toMermaid();
    };
    expect(Object.keys(viewsOf(draw({ pullRequest: {} })))).toEqual(['pr', 'fork']);
    expect(Object.keys(viewsOf(draw({ push: {}, mergeGroup: {} })))).toEqual(['push']);
    expect(viewsOf(draw({ push: { branches: ['master'] } })).push.title).toBe('push to master');
    expect(draw({ schedule: [{ cron: '0 4 * * 1' }] })).toBe(['---', 'title: "ci"', '---', 'flowchart LR', '  j0["test"]', ''].join('\n'));
  });

  test('a container job\'s services are drawn with the image each gets, a built one with its digest', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const api = new DockerBuildJob(ci, 'build_api', { image: 'ghcr.io/acme/api' });
    const web = new DockerBuildJob(ci, 'build_web', { image: 'ghcr.io/acme/web' });
    new ContainerTestJob(ci, 'e2e', { image: web, services: [api.asService('api'), { name: 'db', image: 'postgres:16' }], steps: [{ run: 'make e2e' }] });
    expect(viewsOf(ci.toMermaid()).push.jobs.e2e.lines).toEqual([
      'runs in ghcr.io/acme/web@#lt;digest of build_web#gt;', 'pushed by build_web, by digest',
      'service api: ghcr.io/acme/api@#lt;digest of build_api#gt;', 'pushed by build_api, by digest',
      'service db: postgres:16',
    ]);
  });

  test('the jobs a fork strategy adds run on forks only and say what they do; none() adds no node', () => {
    const draw = (forkPullRequests?: ForkPullRequests) => {
      const ci = new Workflow(tempProject(), 'ci', { triggers: { pullRequest: {} } });
      const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', forkPullRequests });
      new ContainerTestJob(ci, 'lint', { image: build, steps: [{ run: 'make lint' }] });
      new ContainerTestJob(ci, 'unit', { image: build, steps: [{ run: 'make test' }] });
      return viewsOf(ci.toMermaid());
    };
    const notice = draw(ForkPullRequests.skipConsumers());
    expect(notice.fork.jobs.fork_notice).toEqual({ state: 'runs', lines: ['says why lint, unit are skipped'] });
    expect(notice.pr.jobs.fork_notice.state).toBe('skipped');
    expect(draw().fork.jobs.build_fork.lines).toEqual(['runs the steps of lint, unit with docker run in fork-ci/build:local', 'loaded from the artifact of build, not pushed']);
    expect(Object.keys(draw(ForkPullRequests.none()).fork.jobs)).toEqual(['build', 'lint', 'unit', 'result']);
  });

  test('the output is the same text every time, and for the same graph built again', () => {
    const first = buildSeed(tempProject()).ci;
    expect(first.toMermaid()).toBe(first.toMermaid());
    expect(buildSeed(tempProject()).ci.toMermaid()).toBe(first.toMermaid());
  });

  test('no diagram file is written unless asked for', () => {
    const project = tempProject();
    buildSeed(project);
    project.synth();
    expect(fs.existsSync(path.join(project.outdir, '.github/workflows/ci.md'))).toBe(false);
  });

  test('diagram: true writes .github/workflows/<id>.md beside the YAML, tracked and read-only', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'pipeline', { triggers: { push: {} }, diagram: true });
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
    project.synth();
    const file = path.join(project.outdir, '.github/workflows/pipeline.md');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe([
      '<!-- ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen". -->',
      '# pipeline',
      '',
      'The jobs of [`pipeline.yml`](./pipeline.yml): for each event that starts it, which jobs run, which are skipped '
        + '(dashed and grey, with the reason) and which image each job runs in. Arrows are `needs`, labelled with the outputs read along them.',
      '',
      '```mermaid',
      ci.toMermaid().trimEnd(),
      '```',
      '',
    ].join('\n'));
    // eslint-disable-next-line no-bitwise
    expect(fs.statSync(file).mode & 0o222).toBe(0);
    const tracked = JSON.parse(fs.readFileSync(path.join(project.outdir, '.projen/files.json'), 'utf8')).files;
    expect(tracked).toEqual(expect.arrayContaining(['.github/workflows/pipeline.md', '.github/workflows/pipeline.yml']));
  });
});

/** Every example's workflows, built in this process from its `.projenrc.ts` (synthesis is stubbed out). */
function exampleWorkflows(): [string, Workflow][] {
  const dirs = ['', 'realworld/'].flatMap((prefix) => fs.readdirSync(path.join(ROOT, 'examples', prefix)).map((name) => `${prefix}${name}`))
    .filter((name) => fs.existsSync(path.join(ROOT, 'examples', name, '.projenrc.ts'))).sort();
  const projects: Project[] = [];
  const synth = jest.spyOn(Project.prototype, 'synth').mockImplementation(function (this: Project) {
    projects.push(this);
  });
  const found: [string, Workflow][] = [];
  try {
    for (const dir of dirs) {
      const before = projects.length;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(ROOT, 'examples', dir, '.projenrc.ts'));
      for (const project of projects.slice(before)) {
        found.push(...project.components.filter((c): c is Workflow => c instanceof Workflow).map((w) => [`${dir}: ${w.workflowId}`, w] as [string, Workflow]));
      }
    }
  } finally {
    synth.mockRestore();
  }
  return found;
}

describe('the diagram and the simulated runs agree, for every workflow of every example', () => {
  const DIGEST = `sha256:${'d1a9'.repeat(16)}`;
  const workflows = exampleWorkflows();

  test('the examples were found', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(20);
  });

  test.each(workflows)('%s', (_name, workflow) => {
    const text = workflow.toMermaid();
    const views = viewsOf(text);
    const branch = /^push to (.+)$/.exec(views.push?.title ?? '')?.[1];
    const scenarios: { [view: string]: RunScenario } = {
      push: { eventName: 'push', repository: 'acme/shop', digest: DIGEST, defaultBranch: branch },
      pr: { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'acme/shop', digest: DIGEST, defaultBranch: branch },
      // A fork's token cannot push: no build gets a digest.
      fork: { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'someone/shop', digest: '', defaultBranch: branch },
    };
    const yaml = workflow.toYaml();
    for (const [view, { jobs }] of Object.entries(views)) {
      const simulated = simulateRun(yaml, scenarios[view]).jobs;
      // Every job of the workflow is drawn in every view.
      expect(Object.keys(jobs).sort()).toEqual(Object.keys(simulated).sort());
      const decided = Object.keys(jobs).filter((id) => jobs[id].state !== 'maybe');
      expect(Object.fromEntries(decided.map((id) => [id, jobs[id].state]))).toEqual(
        Object.fromEntries(decided.map((id) => [id, simulated[id].result === 'skipped' ? 'skipped' : 'runs'])));
    }
  });
});
