/** What a scenario must end with: nothing lost, nothing doubled. */
export interface Tally {
  scenario: string;
  expected: number;
  lost: number;
  doubled: number;
  notes?: Record<string, unknown>;
}

/** Prints the scenario's lost and doubled counts (the figures an operator reads) and asserts both are 0. */
export function reportTally(tally: Tally): void {
  const { scenario, ...figures } = tally;
  process.stdout.write(`${JSON.stringify({ fault: scenario, ...figures })}\n`);
  expect({ lost: tally.lost, doubled: tally.doubled }).toEqual({ lost: 0, doubled: 0 });
}
