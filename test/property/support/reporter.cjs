// Prints the property tests' seed and how many cases each property ran, before the closing summary line.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { dirname } = require('node:path');

class PropertyCounts {
  onRunComplete() {
    const file = process.env.FC_COUNTS_FILE;
    if (!file || !existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    rmSync(dirname(file), { recursive: true, force: true });
    if (!rows.length) return;
    const width = Math.max(...rows.map((row) => `${row.file} › ${row.name}`.length));
    const lines = rows
      .sort((a, b) => `${a.file}${a.name}`.localeCompare(`${b.file}${b.name}`))
      .map((row) => `  ${`${row.file} › ${row.name}`.padEnd(width)}  ${String(row.runs).padStart(6)}`);
    const total = rows.reduce((sum, row) => sum + row.runs, 0);
    process.stdout.write(
      [
        '',
        `Property tests (fast-check seed ${process.env.FC_SEED}; replay with FC_SEED=${process.env.FC_SEED}, one case with FC_PATH too):`,
        ...lines,
        `  ${'total'.padEnd(width)}  ${String(total).padStart(6)} cases`,
        '',
      ].join('\n'),
    );
  }
}
module.exports = PropertyCounts;
