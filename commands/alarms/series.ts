/** A CloudWatch datapoint: one 5-minute period of a T-instance credit metric. */
export interface Point {
  at: Date;
  value: number;
}

export const PERIOD_MS = 5 * 60_000;

/** Oldest first, whatever order CloudWatch (or a test) gave them in. */
export function chronological(points: readonly Point[]): Point[] {
  return [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Points at or after `since` (and not after `now`). */
export function since(points: readonly Point[], from: Date, now: Date): Point[] {
  return chronological(points).filter((point) => point.at >= from && point.at <= now);
}

export function latest(points: readonly Point[]): Point | undefined {
  return chronological(points).at(-1);
}

/** The last `count` points, oldest first. */
export function lastPoints(points: readonly Point[], count: number): Point[] {
  return chronological(points).slice(-count);
}

export function mean(points: readonly Point[]): number | undefined {
  return points.length ? points.reduce((sum, point) => sum + point.value, 0) / points.length : undefined;
}

export function total(points: readonly Point[]): number {
  return points.reduce((sum, point) => sum + point.value, 0);
}

/** Least-squares slope in units per hour; undefined with fewer than two distinct times. */
export function slopePerHour(points: readonly Point[]): number | undefined {
  if (points.length < 2) return undefined;
  const xs = points.map((point) => point.at.getTime() / 3_600_000);
  const xMean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const yMean = mean(points) ?? 0;
  let covariance = 0;
  let variance = 0;
  points.forEach((point, i) => {
    const dx = (xs[i] ?? xMean) - xMean;
    covariance += dx * (point.value - yMean);
    variance += dx * dx;
  });
  return variance === 0 ? undefined : covariance / variance;
}

/**
 * How long the newest run of points satisfying `test` lasts, in minutes, counting each point as a whole
 * period; a gap of more than one missing period ends the run (CloudWatch leaves gaps when an instance stops).
 */
export function newestRunMinutes(points: readonly Point[], test: (point: Point) => boolean): number {
  const newestFirst = chronological(points).reverse();
  let count = 0;
  let previous: Point | undefined;
  for (const point of newestFirst) {
    if (!test(point)) break;
    if (previous && previous.at.getTime() - point.at.getTime() > 2 * PERIOD_MS) break;
    count += 1;
    previous = point;
  }
  return count * (PERIOD_MS / 60_000);
}
