import { readFileSync } from 'node:fs';
import { generatedTables, README, section, TABLES } from './readme';

// The README's permission tables are what test/iam/permissions.ts and the templates say, so an ops engineer
// reviewing the stacks reads what the tests prove.

describe("README.md's IAM tables", () => {
  it.each(Object.entries(TABLES) as [keyof typeof TABLES, string][])(
    'show what the %s role may do, as the tests check it',
    async (role, name) => {
      // Prepare
      const readme = readFileSync(README, 'utf8');
      // Act
      const expected = (await generatedTables())[role];
      const actual = section(readme, name);
      // Assess
      if (actual !== expected) {
        throw new Error(
          `README.md's ${name} table is out of date (or its markers are missing). Regenerate it: npm run docs:iam\n\nExpected:\n${expected}`,
        );
      }
    },
  );
});
