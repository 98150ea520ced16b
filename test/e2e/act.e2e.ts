import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('act');

describe('acting on the CPU-credit diagnosis', () => {
  storyIt(story)(
    'the agents eat the baseline, bob approves unlimited credits, the credit watch says the throttle is lifted, and a team runbook runs',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('prod-ops');
      await slack.page.getByTestId('scenario-cpu-credits').click();

      // the alarm, diagnosed: throttled at the baseline, with the buttons that act on it
      const posted = slack
        .message(/ALARM: edu-web-/)
        .filter({ has: slack.page.getByTestId('block-header') })
        .first();
      const alarm = slack.messageAt(await slack.tsOf(posted));
      await alarm.filter({ hasText: 'credits exhausted' }).waitFor({ timeout: STORY_TIMEOUT_MS });
      // the credit watch warned too (it looks at every sweep in the sandbox): what it will say is lifted
      await slack
        .message(/blueshift watches burstable fleets every minute/)
        .first()
        .waitFor({ timeout: STORY_TIMEOUT_MS });

      // What is using the CPU: the agents, named, on most of a t3.micro's 10 % baseline
      await slack.press(alarm, 'processes.ask');
      const answer = slack.message(/agents use [\d.]+ % of the CPU on a 10 % baseline/).first();
      await answer.waitFor({ timeout: STORY_TIMEOUT_MS });
      for (const agent of ['SSM agent', 'CodeDeploy agent', 'CloudWatch agent'])
        await answer.filter({ hasText: agent }).waitFor({ timeout: STORY_TIMEOUT_MS });
      await answer.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('act-what-is-using-the-cpu');

      // Switch to unlimited credits: prod is protected, so alice asks and bob approves
      await slack.press(alarm, 'credits.unlimited');
      const approval = slack.messageAt(await slack.tsOf(slack.message(/Approval needed: .*unlimited/)));
      await slack.actAs('bob');
      await slack.press(approval, 'request.approve');
      const switched = slack.message(/to unlimited CPU credits, approved by/).first();
      await switched.waitFor({ timeout: STORY_TIMEOUT_MS });
      await switched.filter({ hasText: 'unlimited now' }).waitFor({ timeout: STORY_TIMEOUT_MS });

      // the next credit sweep: the throttle is lifted, said once
      const lifted = slack.message(/CPU-credit throttle lifted — instances now unlimited/);
      await lifted.first().waitFor({ timeout: STORY_TIMEOUT_MS });
      await switched.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await slack.screenshot('act-unlimited-approved-throttle-lifted');
      await slack.page.waitForTimeout(3_000); // a few more sweeps: none says it again
      expect(await lifted.count()).toBe(1);

      // the team's runbook on the alarm: bob approves alice's click, and the run is followed in the thread
      await slack.actAs('alice');
      await slack.press(alarm, 'runbook.run');
      const runbookApproval = slack.messageAt(await slack.tsOf(slack.message(/Approval needed: .*agents' logs/)));
      await slack.actAs('bob');
      await slack.press(runbookApproval, 'request.approve');
      const run = slack.message(/Collect the agents' logs/).filter({ hasText: '✅ succeeded' });
      await run.first().waitFor({ timeout: STORY_TIMEOUT_MS });
      await run.first().filter({ hasText: 'uploadToS3' }).waitFor({ timeout: STORY_TIMEOUT_MS });
      await run.first().evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await slack.screenshot('act-runbook-succeeded');
    },
  );

  storyIt(story)(
    'alice moves web prod to t3.small, bob approves now, and the thread follows the instance refresh to success',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('prod-ops');
      // the incident of the story above goes on; alone, this story starts it
      const alarms = slack.message(/ALARM: edu-web-/).filter({ has: slack.page.getByTestId('block-header') });
      if (!(await alarms.count())) await slack.page.getByTestId('scenario-cpu-credits').click();
      const alarm = slack.messageAt(await slack.tsOf(alarms.first()));
      await alarm.filter({ hasText: 'credits exhausted' }).waitFor({ timeout: STORY_TIMEOUT_MS });

      // Move to a bigger type: the family's larger sizes, one button each; alice picks t3.small
      await slack.press(alarm, 'credits.bigger');
      const offers = slack.message(/to a bigger type/).filter({
        has: slack.page.getByTestId('button-credits.bigger-to'),
      });
      await slack.pressLabelled(offers.first(), 'credits.bigger-to', /^t3\.small/);

      // prod is protected: bob approves, choosing "now" (an instance refresh) over the next deployment
      const approval = slack.messageAt(await slack.tsOf(slack.message(/Approval needed: Move to t3\.small/)));
      await slack.actAs('bob');
      await slack.pressLabelled(approval, 'request.approve', 'Now, through an instance refresh');

      // the thread reply follows the refresh (the sandbox replaces one instance a step) to success
      const moved = slack.message(/moved web → prod to t3\.small, approved by/).first();
      await moved.waitFor({ timeout: STORY_TIMEOUT_MS });
      await moved.filter({ hasText: 'Successful 100 %' }).waitFor({ timeout: STORY_TIMEOUT_MS });
      const fleet = slack.page.getByTestId('account-fleet');
      const prodRows = fleet.locator('tbody tr').filter({ hasText: 'edu-web-prod' });
      await prodRows.first().waitFor();
      expect(await prodRows.filter({ hasText: 't3.micro' }).count()).toBe(0);
      expect(await prodRows.filter({ hasText: 't3.small' }).count()).toBeGreaterThanOrEqual(2);
      await moved.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await slack.screenshot('act-bigger-type-refreshed');
    },
  );
});
