/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/test/e2e/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // One `serverless package` per run, shared by the test files that need it (test/serverless-package.ts), and one
  // fast-check seed per run for the property tests (test/property), printed with their case counts.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/package-cache-teardown.cjs',
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/test/property/support/reporter.cjs', '<rootDir>/test/reporters/summary.cjs'],
};
