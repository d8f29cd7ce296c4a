/**
 * Every cycle in a `needs` graph, each as the list of job ids along it, first
 * id repeated at the end (`a -> b -> a`). `ids` are the jobs in declaration
 * order, `needsOf` gives a job's needs; ids outside `ids` (reported
 * elsewhere) and a job needing itself are ignored. Each cycle is reported
 * once, starting from the job declared first.
 */
export function findNeedsCycles(ids: readonly string[], needsOf: (id: string) => readonly string[]): string[][] {
  const known = new Set(ids);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];

  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of needsOf(id)) {
      if (!known.has(next) || next === id) {
        continue;
      }
      if (state.get(next) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };

  for (const id of ids) {
    if (state.get(id) === undefined) {
      visit(id);
    }
  }
  return cycles;
}
