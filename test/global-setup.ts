import packageCacheSetup from './package-cache-setup';
import seedSetup from './property/support/seed-setup';

// jest takes one globalSetup: this one prepares both things a run shares across its test files.
export default function globalSetup(): void {
  packageCacheSetup();
  seedSetup();
}
