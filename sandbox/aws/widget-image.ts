import type { Fleet } from './fleet';
import { series, type Datapoint } from './metrics';
import { Canvas, type Rgb } from './png';

/**
 * GetMetricWidgetImage for the simulated account: the widget's metric rows plotted from the simulated series,
 * with its horizontal annotations (the alarm threshold) and vertical ones (the state change). No text: the
 * message around the graph says what it is.
 */

interface Widget {
  metrics?: unknown[][];
  start?: string;
  period?: number;
  width?: number;
  height?: number;
  annotations?: { horizontal?: { value?: number }[]; vertical?: { value?: string }[] };
}

const COLOURS: Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [148, 103, 189],
];
const RED: Rgb = [214, 39, 40];
const GREY: Rgb = [200, 200, 200];
const PAD = 12;

/** `-PT3H` → 3 hours in ms; 3 hours when unreadable. */
function startOffset(start: string | undefined): number {
  const match = /^-PT(\d+)([HM])$/.exec(start ?? '');
  const amount = Number(match?.[1] ?? 3);
  return amount * (match?.[2] === 'M' ? 60_000 : 3_600_000);
}

/**
 * `["AWS/EC2","CPUUtilization","AutoScalingGroupName","edu-web-prod-asg",{stat}]`, with `.` repeating the row above.
 */
function rowsOf(
  metrics: unknown[][],
): { namespace: string; name: string; dimensions: Record<string, string>; stat: string }[] {
  let previous: unknown[] = [];
  return metrics.map((row) => {
    const strings = row.map((cell, i) => (cell === '.' ? previous[i] : cell));
    previous = strings;
    const options = (strings.find((cell) => typeof cell === 'object' && cell !== null) ?? {}) as { stat?: string };
    const text = strings.filter((cell): cell is string => typeof cell === 'string');
    const [namespace = '', name = '', ...pairs] = text;
    const dimensions: Record<string, string> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] ?? ''] = pairs[i + 1] ?? '';
    return { namespace, name, dimensions, stat: options.stat ?? 'Average' };
  });
}

export function widgetImage(fleet: Fleet, widgetJson: string): Uint8Array {
  const widget = JSON.parse(widgetJson) as Widget;
  const width = Math.min(Math.max(widget.width ?? 600, 100), 2000);
  const height = Math.min(Math.max(widget.height ?? 300, 80), 2000);
  const canvas = new Canvas(width, height, [255, 255, 255]);
  const end = fleet.now();
  const start = new Date(end.getTime() - startOffset(widget.start));
  const lines: Datapoint[][] = rowsOf(widget.metrics ?? []).map((row) =>
    series(fleet, row, row.stat, widget.period ?? 300, start, end),
  );
  const thresholds = (widget.annotations?.horizontal ?? []).flatMap((a) =>
    typeof a.value === 'number' ? [a.value] : [],
  );
  const top = Math.max(1, ...lines.flat().map((p) => p.value), ...thresholds) * 1.1;
  const x = (at: Date) =>
    PAD + ((at.getTime() - start.getTime()) / (end.getTime() - start.getTime())) * (width - 2 * PAD);
  const y = (value: number) => height - PAD - (value / top) * (height - 2 * PAD);
  for (let i = 0; i <= 4; i += 1) canvas.dashed(PAD, width - PAD, y((top / 4) * i), GREY);
  for (const value of thresholds) canvas.dashed(PAD, width - PAD, y(value), RED);
  for (const mark of widget.annotations?.vertical ?? []) {
    const at = new Date(mark.value ?? '');
    if (!Number.isNaN(at.getTime())) canvas.line(x(at), PAD, x(at), height - PAD, GREY);
  }
  lines.forEach((points, i) => {
    const colour = COLOURS[i % COLOURS.length] ?? COLOURS[0] ?? RED;
    points.forEach((point, j) => {
      const before = points[j - 1];
      // Two pixels thick, so the line survives Slack's scaling.
      if (before)
        for (const dy of [0, 1])
          canvas.line(x(before.at), y(before.value) + dy, x(point.at), y(point.value) + dy, colour);
    });
  });
  return canvas.png();
}
