import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Where the stories leave their final screenshots (test-results/ is gitignored). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'e2e');

const USERS: Record<string, string> = { alice: 'U0ALICE', bob: 'U0BOB', mallory: 'U0MALLORY' };

/** Waits that are long enough for a blue/green deployment at the sped-up step, short enough to fail clearly. */
export const STORY_TIMEOUT_MS = 45_000;

/** The console as a person uses it: switch user, pick a channel, type, click, confirm. */
export class ConsolePage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('body[data-ready="true"]').waitFor();
  }

  async actAs(name: string): Promise<void> {
    const id = USERS[name] ?? name;
    await this.page.getByTestId('user-switcher').selectOption(id);
    await this.page.locator(`body[data-me="${id}"]`).waitFor();
  }

  async openChannel(name: string): Promise<void> {
    await this.page.getByTestId(`channel-${name}`).click();
    await this.page
      .getByTestId('channel-name')
      .filter({ hasText: `# ${name}` })
      .waitFor();
  }

  async type(text: string): Promise<void> {
    const input = this.page.getByTestId('composer-input');
    await input.fill(text);
    await input.press('Enter');
  }

  /** The one message (top-level or in a thread) that shows this text. */
  message(text: string | RegExp): Locator {
    return this.page.getByTestId('message').filter({ hasText: text });
  }

  /** The message with this Slack ts, however its content changes. */
  messageAt(ts: string): Locator {
    return this.page.locator(`[data-testid="message"][data-ts="${ts}"]`);
  }

  /** The Slack ts of a message once it shows up: messages are edited in place, so the ts is what stays. */
  async tsOf(message: Locator): Promise<string> {
    await message.first().waitFor({ timeout: STORY_TIMEOUT_MS });
    const ts = await message.first().getAttribute('data-ts');
    if (!ts) throw new Error('a message without a ts');
    return ts;
  }

  /** Clicks a Block Kit button in a message, and answers its confirm dialog if it has one. */
  async press(message: Locator, actionId: string, confirm = true): Promise<void> {
    await this.click(message.getByTestId(`button-${actionId}`), confirm);
  }

  /**
   * Clicks the one button of `actionId` with this label (a message may hold several, e.g. one per choice; after the
   * first, their action_ids carry `#<n>` to stay unique in the block, as Slack requires).
   */
  async pressLabelled(message: Locator, actionId: string, label: string | RegExp, confirm = true): Promise<void> {
    const sameAction = `[data-testid="button-${actionId}"], [data-testid^="button-${actionId}#"]`;
    await this.click(message.locator(sameAction).filter({ hasText: label }), confirm);
  }

  private async click(button: Locator, confirm: boolean): Promise<void> {
    await button.waitFor({ timeout: STORY_TIMEOUT_MS });
    const asks = (await button.getAttribute('data-confirm')) !== null;
    await button.click();
    if (!asks) return;
    const dialog = this.page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await this.page.getByTestId(confirm ? 'confirm-ok' : 'confirm-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
  }

  async tryRequest(path: string, sourceIp: string): Promise<string> {
    await this.page.getByTestId('try-path').fill(path);
    await this.page.getByTestId('try-ip').fill(sourceIp);
    const result = this.page.getByTestId('try-result');
    await result.evaluate((element) => {
      element.textContent = '';
    });
    await this.page.getByTestId('try-send').click();
    await result.locator('[data-status]').waitFor();
    return (await result.locator('[data-status]').getAttribute('data-status')) ?? '';
  }

  /** Tries the request until it answers `status` (an exemption applying or expiring takes a moment). */
  async expectRequestStatus(
    path: string,
    sourceIp: string,
    status: string,
    timeoutMs = STORY_TIMEOUT_MS,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.tryRequest(path, sourceIp);
      if (last === status) return;
      await this.page.waitForTimeout(500);
    }
    throw new Error(`GET ${path} from ${sourceIp} kept answering ${last}, not ${status}`);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
