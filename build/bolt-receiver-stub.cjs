'use strict';

// Stands in for @slack/bolt's HTTPReceiver and SocketModeReceiver in the Lambda bundles (see
// build/esbuild-plugins.cjs and docs/decisions/0003-bolt-receiver-bundle-alias.md). Bolt loads them with
// `__importDefault(require('./receivers/…')).default`, so this is an ES-module-shaped CommonJS module whose
// default export is a class: `instanceof` checks keep working and constructing it fails loudly.

class UnbundledBoltReceiver {
  constructor() {
    throw new Error('blueshift: this Bolt receiver is not bundled; use AwsLambdaReceiver');
  }
}

Object.defineProperty(exports, '__esModule', { value: true });
exports.default = UnbundledBoltReceiver;
