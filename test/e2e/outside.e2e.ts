import { CI_RUN_URL } from '../../sandbox/aws/outside-scenarios';
import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('outside');

/*
 * Deployments nobody started in Slack (docs/decisions/0021): the simulated account's CI job calls CodeDeploy
 * directly, and Auto Scaling's new instances keep failing their install. blueshift sees both through CodeDeploy's
 * events, as it would in a real account.
 */
describe('deployments started outside Slack', () => {
  storyIt(story)(
    "CI deploys v43 to prod without blueshift: the channel gets its progress message, with the run's link and the buttons",
    async () => {
      const slack = story!.console();
      await slack.actAs('bob');
      await slack.openChannel('prod-ops');
      await slack.page.getByTestId('scenario-ci-deploys').click();

      const live = slack
        .message(/web → prod · v43/)
        .filter({ has: slack.page.getByTestId('block-header') })
        .filter({ hasText: 'Started outside Slack' });
      await live.waitFor({ timeout: STORY_TIMEOUT_MS });
      expect(await live.textContent()).toContain('an AWS user or role (the console, the CLI or CI)');
      expect(await live.locator(`a[href="${CI_RUN_URL}"]`).count()).toBe(1);

      // green becomes ready; bob, an approver of protected prod, reroutes it from Slack as if he had deployed it
      const ready = slack.messageAt(await slack.tsOf(live));
      await ready.getByTestId('button-deployment.reroute').waitFor({ timeout: STORY_TIMEOUT_MS });
      await ready.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('outside-ci-deploy-ready');
      await slack.press(ready, 'deployment.reroute');
      await ready.filter({ hasText: 'Reroute requested by' }).waitFor({ timeout: STORY_TIMEOUT_MS });
    },
  );

  storyIt(story)(
    'a scale-out keeps failing in staging: one churn message, counting the failed installs, with the log tail',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('staging-ops');
      await slack.page.getByTestId('scenario-scale-out-fails').click();

      const churn = slack.message(/edu-web-staging-asg is churning/).filter({
        has: slack.page.getByTestId('block-header'),
      });
      await churn.waitFor({ timeout: STORY_TIMEOUT_MS });
      const message = slack.messageAt(await slack.tsOf(churn));
      await message.filter({ hasText: /3rd failed install/ }).waitFor({ timeout: STORY_TIMEOUT_MS });
      const shown = (await message.textContent()) ?? '';
      expect(shown).toContain('ApplicationStart');
      expect(shown).toContain('could not reach the database');
      // one message for the episode, edited in place: no second top-level message about the group
      expect(
        await slack
          .message(/edu-web-staging-asg/)
          .filter({ has: slack.page.getByTestId('block-header') })
          .count(),
      ).toBe(1);
      await message.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('outside-scale-out-churn');
    },
  );
});
