'use strict';

// esbuild plugins for serverless-esbuild (`custom.esbuild.plugins` in serverless.yml).
// Why: docs/decisions/0003-bolt-receiver-bundle-alias.md.

const path = require('node:path');

const STUB = path.join(__dirname, 'bolt-receiver-stub.cjs');
const BOLT_DIST = `${path.sep}@slack${path.sep}bolt${path.sep}dist${path.sep}`;

/**
 * Resolves Bolt's `require('./receivers/HTTPReceiver')` and `require('./receivers/SocketModeReceiver')`
 * (from dist/App.js and dist/index.js) to a stub that throws when constructed. The Lambda bundles only use
 * AwsLambdaReceiver, passed explicitly with socketMode off, so neither receiver is ever constructed, and
 * leaving them out drops @slack/socket-mode, @slack/oauth, path-to-regexp, raw-body and friends.
 */
const boltReceiverStub = {
  name: 'blueshift-bolt-receiver-stub',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(?:receivers\/)?(?:HTTPReceiver|SocketModeReceiver)(?:\.js)?$/ }, (args) => {
      const importer = path.normalize(args.importer);
      if (!importer.includes(BOLT_DIST)) return undefined;
      return { path: STUB };
    });
  },
};

module.exports = [boltReceiverStub];
