import seedSetup from './property/support/seed-setup';

// jest takes one globalSetup: this one prepares both things a run shares across its test files.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package cache setup is plain CommonJS, shared with nothing else
const packageCacheSetup = require('./package-cache-setup.cjs') as () => void;

export default function globalSetup(): void {
  packageCacheSetup();
  seedSetup();
}
