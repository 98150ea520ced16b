import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('watch');

/*
 * The watch after Reroute (docs/decisions/0020): the checks of sandbox/config.yml reach the sandbox's app
 * endpoints, which answer as the simulated account says (the revision serving, the web ACL). Its first look runs as
 * soon as the bot sees traffic on green, so neither story waits for the watch's 30-second rhythm.
 */
describe('the watch after Reroute', () => {
  storyIt(story)(
    'AdminProtection blocks /admin after a prod deploy: the watch names the WAF rule, does not roll back, and offers the exemption',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('prod-ops');
      await slack.page.getByTestId('scenario-admin-protection').click();
      await slack.page.getByTestId('try-result').locator('[data-status="403"]').waitFor();

      // alice asks for v42, bob approves and reroutes once green is ready
      await slack.type('/deploy web prod v42');
      const approval = slack.messageAt(await slack.tsOf(slack.message('Approval needed: /deploy web prod v42')));
      await slack.actAs('bob');
      await slack.press(approval, 'request.approve');
      const live = slack.messageAt(
        await slack.tsOf(slack.message(/web → prod · v42/).filter({ has: slack.page.getByTestId('block-header') })),
      );
      await slack.press(live, 'deployment.reroute');

      // the watch's first look gets 403 on /admin; the web ACL's samples name the rule, so it is told, not rolled back
      await live
        .filter({ hasText: 'AWS-AWSManagedRulesAdminProtectionRuleSet' })
        .filter({ hasText: 'not rolled back' })
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      const offer = slack.message(/rolling back will not fix it/).filter({
        has: slack.page.getByTestId('button-watch.waf-exempt'),
      });
      await offer.waitFor({ timeout: STORY_TIMEOUT_MS });
      expect(await offer.getByTestId('button-watch.waf-exempt').textContent()).toContain(
        'Exempt /admin from AWS-AWSManagedRulesAdminProtectionRuleSet',
      );
      expect(await live.textContent()).not.toMatch(/Watch failed|rolled back:/);
      await live.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('watch-waf-blocked-admin');

      // alice takes the offer: the usual /waf-exempt flow starts with its preview for exactly that rule and path
      await slack.actAs('alice');
      await slack.press(offer, 'watch.waf-exempt');
      const preview = slack
        .message(/Confirm \/waf-exempt/)
        .filter({ has: slack.page.getByTestId('button-request.confirm') });
      await preview.waitFor({ timeout: STORY_TIMEOUT_MS });
      expect(await preview.textContent()).toContain('/admin');
      await preview.evaluate((element) => element.scrollIntoView({ block: 'end' }));
      await slack.screenshot('watch-waf-exempt-preview');
    },
  );

  storyIt(story)(
    'the next revision answers 500 on /: the watch rolls a staging deploy back to the warm blue fleet',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('staging-ops');
      await slack.page.getByTestId('scenario-broken-revision').click();

      // staging needs no approval: alice deploys and reroutes herself
      await slack.type('/deploy web staging v43');
      const live = slack.messageAt(
        await slack.tsOf(slack.message(/web → staging · v43/).filter({ has: slack.page.getByTestId('block-header') })),
      );
      await slack.press(live, 'deployment.reroute');

      // the first look gets 500 on /: blueshift stops the deployment with rollback, and the message says why
      await live.filter({ hasText: 'Watch failed' }).waitFor({ timeout: STORY_TIMEOUT_MS });
      await live.filter({ hasText: /expected 200, got 500/ }).waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack
        .message(/The watch after Reroute failed/)
        .filter({ hasText: 'traffic goes back to the blue fleet' })
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      // CodeDeploy's rollback deployment puts v42 back: staging's traffic is on blue again, and / answers 200
      await slack
        .message(/Rolled back web → staging to v42/)
        .filter({ has: slack.page.getByTestId('block-header') })
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack.page
        .getByTestId('account-traffic')
        .locator('tr', { hasText: 'edu-web-staging' })
        .filter({ hasText: /v42\s*blue/ })
        .filter({ hasNotText: 'd-STAG00042' })
        .filter({ hasText: '200' })
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      await live.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('watch-failed-rolled-back');
    },
  );
});
