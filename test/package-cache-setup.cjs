'use strict';

// Jest globalSetup: a directory for this run's `serverless package` output, which test/serverless-package.ts fills
// once, on first use, for every test file that needs it (the workers inherit the variable). Runs that need no
// package (one unit test file) pay nothing.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = () => {
  process.env.BLUESHIFT_PACKAGE_CACHE = mkdtempSync(join(tmpdir(), 'blueshift-package-'));
};
