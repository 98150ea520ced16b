import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserAvailability, launchBrowser, type Browser } from './browser';
import { ConsolePage, SCREENSHOTS } from './console-page';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process';

export interface Story {
  sandbox(): SandboxProcess;
  console(): ConsolePage;
}

/**
 * Each story file gets its own sandbox (a fresh workspace, account and table) and browser, so no story depends
 * on another's state; what the sandbox printed is kept beside the screenshots as `<name>-sandbox.log`.
 * Returns undefined, after saying why, when the stories cannot run here.
 */
export function useStory(name: string): Story | undefined {
  const availability = browserAvailability();
  if (!availability.run) {
    console.warn(`end-to-end stories ${availability.reason ?? 'skipped'}`);
    return undefined;
  }
  let sandbox: SandboxProcess | undefined;
  let browser: Browser | undefined;
  let page: ConsolePage | undefined;
  beforeAll(async () => {
    [sandbox, browser] = await Promise.all([startSandboxProcess(), launchBrowser()]);
    page = new ConsolePage(await browser.context.newPage());
    await page.open(sandbox.url);
  });
  afterAll(async () => {
    await browser?.close();
    const stopMs = await sandbox?.stop();
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, `${name}-sandbox.log`), sandbox?.output() ?? '');
    if (stopMs !== undefined && stopMs > 3_000) throw new Error(`the sandbox took ${stopMs} ms to stop on Ctrl-C`);
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start`);
    return value;
  };
  return { sandbox: () => need(sandbox, 'the sandbox'), console: () => need(page, 'the console page') };
}

/** `it`, or `it.skip` when the story cannot run here (the reason was printed by useStory). */
export const storyIt = (story: Story | undefined): jest.It => (story ? it : it.skip);
