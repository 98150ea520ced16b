import { RUNS } from './support/budget';

describe("the property tests' budget", () => {
  it('runs at least 10,000 cases in one npm test', () => {
    // Assess
    expect(Object.values(RUNS).reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(10_000);
  });
});
