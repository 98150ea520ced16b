import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('waf');

/** Short, so the story sees it end: durations in seconds are part of the bot's grammar (lib/config/duration.ts). */
const EXEMPTION = '/waf-exempt prod AdminProtection /admin for 30s from 203.0.113.0/24 Django admin';

describe('a WAF exemption that opens /admin and closes it again when it expires', () => {
  storyIt(story)(
    'AdminProtection blocks /admin; an approved exemption lets the office in; the sweeper ends it',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('prod-ops');
      await slack.page.getByTestId('scenario-admin-protection').click();
      await slack.page.getByTestId('try-result').locator('[data-status="403"]').waitFor();

      // alice asks, sees the preview and confirms it
      await slack.type(EXEMPTION);
      const preview = slack
        .message(/Confirm \/waf-exempt/)
        .filter({ has: slack.page.getByTestId('button-request.confirm') });
      await preview.waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack.press(preview, 'request.confirm');
      const approval = slack.messageAt(await slack.tsOf(slack.message('Approval needed: /waf-exempt')));

      // bob approves; the office range gets in, everyone else is still blocked
      await slack.actAs('bob');
      await slack.press(approval, 'request.approve');
      await slack.expectRequestStatus('/admin', '203.0.113.7', '200');
      expect(await slack.tryRequest('/admin', '198.51.100.23')).toBe('403');
      await slack.expectRequestStatus('/admin', '203.0.113.7', '200');

      // after 30 s the sweeper reverts it and /admin is blocked again
      await slack.expectRequestStatus('/admin', '203.0.113.7', '403', 60_000);
      await slack.message(/WAF exemption .* reverted/).waitFor();
      // The side panel polls the account; wait until it too shows the rule without the exemption.
      await slack.page.getByTestId('account-webacl').filter({ hasNotText: 'blueshift exemption' }).waitFor();
      await slack.screenshot('waf-exemption-expired');
    },
  );
});
