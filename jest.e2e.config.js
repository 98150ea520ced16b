/**
 * `npm run test:e2e`: the sandbox (`npm start`) in headless Chromium. Separate from jest.config.js, which ignores
 * test/e2e: these stories start a server and a browser each and take tens of seconds.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 150_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/reporters/summary.cjs'],
};
