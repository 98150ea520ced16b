import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { readSandboxSettings } from '../../../sandbox/settings';

/** Debian's chromium (apt-get install -y chromium): Playwright cannot download its own browsers here. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Whether the end-to-end stories can run: without Chromium they are skipped on a developer's machine, with a
 * message saying how to get it; under CI a missing browser is a failure, never a silent skip.
 */
export function browserAvailability(): { run: boolean; reason?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  if (readSandboxSettings().ci)
    throw new Error(`${CHROMIUM} is missing on CI: .ci/run installs it with apt-get install -y chromium`);
  return { run: false, reason: `skipped: ${CHROMIUM} is missing (sudo apt-get install -y chromium)` };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile of its own, removed afterwards. */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'blueshift-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1100 },
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
