'use strict';

// Jest globalTeardown: removes the run's `serverless package` output (test/package-cache-setup.ts).
const { rmSync } = require('node:fs');

module.exports = () => {
  const dir = process.env.BLUESHIFT_PACKAGE_CACHE;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
