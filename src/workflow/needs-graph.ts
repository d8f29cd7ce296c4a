import type { Job } from '../jobs/job';

/**
 * Every cycle in the `needs` graph of `jobs`, each as the list of job ids
 * along it, first id repeated at the end (`a -> b -> a`). Each cycle is
 * reported once, starting from the job declared first.
 */
export function findNeedsCycles(jobs: readonly Job[]): string[][] {
  const order = new Map(jobs.map((job, index) => [job, index]));
  const state = new Map<Job, 'visiting' | 'done'>();
  const stack: Job[] = [];
  const cycles: string[][] = [];

  const visit = (job: Job): void => {
    state.set(job, 'visiting');
    stack.push(job);
    for (const next of job.needs) {
      if (!order.has(next) || next === job) {
        continue; // outside this workflow, or itself: reported by the job
      }
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        cycles.push([...cycle, next].map((j) => j.jobId));
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(job, 'done');
  };

  for (const job of jobs) {
    if (state.get(job) === undefined) {
      visit(job);
    }
  }
  return cycles;
}
