// Prints the fault matrix the integration tests left in test-results/fault-matrix/ (one table per function, and
// the races), then the plain closing line CI reads ("N passed, N failed, N skipped") after jest's own summary.
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const RESULTS = join(__dirname, '..', '..', 'test-results', 'fault-matrix');
const FAULTS = ['throttle', 'outage', 'timeout', 'denied'];
const TITLES = {
  worker: 'worker (SQS: retried after the visibility timeout, dead-lettered after 3 receives)',
  deployEvents: 'deployEvents (EventBridge: Lambda retries twice, then the on-failure destination)',
  alarmEvents: 'alarmEvents (EventBridge/SNS: Lambda retries twice, then the on-failure destination)',
  sweeper: 'sweeper (every minute; what it could not do is due again next minute)',
};
const LEGEND = [
  "throttle: throttled for the whole first delivery (the SDK's or web-api's own retries included), then eased",
  'outage:   5xx on every call, for longer than every retry',
  'timeout:  one call gets no answer in time (an AWS mutation had taken effect; a Slack call had not reached Slack)',
  'denied:   AccessDenied / not_in_channel / missing_scope on every call',
  'x = the promise is broken   ! = a known limit, see the notes below the table',
];

function pad(text, width) {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function table(header, rows) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => [...(row[i] ?? '')].length)));
  const line = (row) =>
    row
      .map((cell, i) => pad(cell ?? '', widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function cellText(cell) {
  if (!cell) return '';
  if (cell.problems.length) return `x ${cell.outcome}: ${cell.problems.join('; ')}`;
  if (cell.known.length) return `! ${cell.outcome}`;
  return cell.outcome;
}

function matrix(fn, cells) {
  const ops = [...new Set(cells.map((c) => `${c.op}\u0000${c.story}`))];
  const rows = ops.map((key) => {
    const [op, story] = key.split('\u0000');
    const of = (fault) => cells.find((c) => c.op === op && c.story === story && c.fault === fault);
    return [op, story, ...FAULTS.map((fault) => cellText(of(fault)))];
  });
  const notes = [
    ...new Set(cells.filter((c) => c.known.length).map((c) => `! ${c.op} × ${c.fault}: ${c.known.join('; ')}`)),
  ];
  return [`Fault matrix — ${TITLES[fn] ?? fn}`, table(['operation', 'story', ...FAULTS], rows), ...notes].join('\n');
}

class SummaryLine {
  onRunStart() {
    if (existsSync(RESULTS)) rmSync(RESULTS, { recursive: true, force: true });
  }

  onRunComplete(_contexts, results) {
    if (existsSync(RESULTS)) {
      const saved = readdirSync(RESULTS)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => JSON.parse(readFileSync(join(RESULTS, file), 'utf8')));
      const cells = saved.flatMap((s) => s.cells ?? []);
      const races = saved.flatMap((s) => s.races ?? []);
      const out = [];
      for (const fn of Object.keys(TITLES)) {
        const mine = cells.filter((c) => c.fn === fn);
        if (mine.length) out.push(matrix(fn, mine));
      }
      if (out.length) out.push(LEGEND.join('\n'));
      if (races.length)
        out.push(
          [
            'Races',
            table(
              ['race', 'outcome', 'test'],
              races.map((r) => [r.race, r.outcome, r.test]),
            ),
          ].join('\n'),
        );
      if (out.length) process.stdout.write(`\n${out.join('\n\n')}\n`);
    }
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `\n${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryLine;
