/**
 * The graphs `npm run bench` times (scripts/bench-graph.ts), checked without
 * a clock: each builder must still produce the jobs the bench claims to
 * measure, as a valid workflow, so that the bench cannot rot silently.
 */
import { parse } from 'yaml';
import {
  buildLibraryWorkflow, buildProjenWorkflow, CONSUMER_STEPS, githubComponentOf, graphShape, imageName, jobIds, LibraryModule, projenWorkflowYaml,
} from '../../scripts/bench-graph';
import * as lib from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

interface ParsedJob {
  'needs'?: string[] | string;
  'runs-on': string;
  'container'?: { image: string };
  'steps': { name?: string; uses?: string; run?: string }[];
}
type Parsed = { jobs: { [id: string]: ParsedJob } };

const N = 10;

describe('bench graph', () => {
  test('n jobs are half builds, half container jobs; n must be even', () => {
    expect(graphShape(N)).toEqual({ builds: 5, consumers: 5 });
    expect(jobIds(N)).toEqual(['build_0', 'test_0', 'build_1', 'test_1', 'build_2', 'test_2', 'build_3', 'test_3', 'build_4', 'test_4']);
    expect(() => graphShape(7)).toThrow(/even/);
    expect(() => graphShape(0)).toThrow(/even/);
  });

  test('(a) the library graph has n jobs, each consumer in its own build\'s image, and is a valid workflow', async () => {
    const workflow = buildLibraryWorkflow(lib as LibraryModule, tempProject('bench'), N);
    expect(workflow.jobs.map((job) => job.jobId)).toEqual(jobIds(N));
    expect(workflow.jobs.filter((job) => job instanceof lib.DockerBuildJob)).toHaveLength(N / 2);
    const consumers = workflow.jobs.filter((job): job is lib.ContainerTestJob => job instanceof lib.ContainerTestJob);
    expect(consumers).toHaveLength(N / 2);
    consumers.forEach((job, i) => {
      expect(job.image.jobId).toBe(`build_${i}`);
      expect(job.image.imageName).toBe(imageName(i));
      expect(job.needs.map((need) => need.jobId)).toEqual([`build_${i}`]);
    });

    const text = workflow.toYaml();
    const jobs = (parse(text) as Parsed).jobs;
    // Exactly its n jobs: no fork fallback and no result job (measured apart), as in (b).
    expect(Object.keys(jobs)).toEqual(jobIds(N));
    const withResult = parse(buildLibraryWorkflow(lib as LibraryModule, tempProject('bench'), N, true).toYaml()) as Parsed;
    expect(Object.keys(withResult.jobs)).toEqual([...jobIds(N), 'result']);
    expect(jobs.test_3.container?.image).toBe('${{ needs.build_3.outputs.image }}');
    expect(jobs.test_3.steps.slice(1).map((s) => s.run)).toEqual(CONSUMER_STEPS.map((s) => s.run));
    await expectValidWorkflow(text, 'bench-library.yml');
  });

  test('(b) projen\'s GithubWorkflow gets the same jobs, needs, runners and steps, and is a valid workflow', async () => {
    const library = (parse(buildLibraryWorkflow(lib as LibraryModule, tempProject('bench'), N).toYaml()) as Parsed).jobs;
    const text = projenWorkflowYaml(buildProjenWorkflow(githubComponentOf(tempProject('bench')), N));
    const projen = (parse(text) as Parsed).jobs;
    expect(Object.keys(projen)).toEqual(Object.keys(library));
    const shape = (job: ParsedJob) => ({
      // projen writes a single need as a scalar, the library always as a list.
      needs: job.needs === undefined ? [] : [job.needs].flat(),
      runsOn: job['runs-on'],
      container: job.container?.image,
      steps: job.steps.map((s) => [s.name, s.uses, s.run]),
    });
    for (const id of jobIds(N)) {
      expect(shape(projen[id])).toEqual(shape(library[id]));
    }
    // projen's file, not ours: it cannot carry the comment that answers zizmor's unpinned-images on a handed-over digest.
    await expectValidWorkflow(text, 'bench-projen.yml', { judges: ['workflow-parser', 'actionlint', 'action-facts'] });
  });
});
