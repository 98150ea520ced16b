import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('deploy');

describe('a protected-environment deploy, approved by a second person, through to success', () => {
  storyIt(story)('alice asks, bob approves and reroutes, and one message tells the whole deployment', async () => {
    const slack = story!.console();
    // alice asks for v42 in #prod-ops
    await slack.actAs('alice');
    await slack.openChannel('prod-ops');
    await slack.type('/deploy web prod v42');
    await slack.message(/approval requested in #prod-ops/).waitFor({ timeout: STORY_TIMEOUT_MS });
    const approval = slack.messageAt(await slack.tsOf(slack.message('Approval needed: /deploy web prod v42')));

    // bob approves (the confirm dialog asks first)
    await slack.actAs('bob');
    await slack.press(approval, 'request.approve');
    await approval.filter({ hasText: 'Approved' }).waitFor({ timeout: STORY_TIMEOUT_MS });

    // the progress message appears and moves on by itself until green is ready for traffic
    const progress = slack
      .message(/web → prod · v42/)
      .filter({ has: slack.page.getByTestId('block-header') })
      .first();
    const live = slack.messageAt(await slack.tsOf(progress));
    await slack.press(live, 'deployment.reroute');
    await live
      .filter({ hasText: /Reroute requested by @bob|Traffic rerouted|rerouted/i })
      .waitFor({ timeout: STORY_TIMEOUT_MS });

    // the same message, edited in place, ends with the success header
    await live
      .getByTestId('block-header')
      .filter({ hasText: /✅ web → prod · v42 deployed in/ })
      .waitFor({ timeout: STORY_TIMEOUT_MS });
    expect(
      await slack
        .message(/web → prod · v42/)
        .filter({ has: slack.page.getByTestId('block-header') })
        .count(),
    ).toBe(1);
    expect(await live.getByTestId('block-actions').count()).toBe(0);
    await slack.screenshot('deploy-approved-rerouted-succeeded');

    // the deployment replaced the Auto Scaling group (CodeDeploy's copy): the alarms left on the old one can no
    // longer fire, and blueshift says so once, with a Move button; prod is protected, so alice asks and bob approves
    const finding = slack.messageAt(await slack.tsOf(slack.message(/can no longer fire/)));
    await finding.filter({ hasText: 'edu-web-prod-asg' }).waitFor({ timeout: STORY_TIMEOUT_MS });
    await slack.actAs('alice');
    await slack.press(finding, 'fleet.move-alarms');
    const moveApproval = slack.messageAt(await slack.tsOf(slack.message(/Approval needed: move alarms/)));
    await slack.actAs('bob');
    await slack.press(moveApproval, 'request.approve');
    await finding.filter({ hasText: /moved them to/ }).waitFor({ timeout: STORY_TIMEOUT_MS });
    expect(await finding.getByTestId('block-actions').count()).toBe(0);
    await slack.screenshot('deploy-silent-alarms-moved');

    // /status reads the live group from the deployment group, not the one the deployment deleted
    await slack.type('/status web prod');
    await slack
      .message(/Status: web prod/)
      .filter({ hasText: /CodeDeploy_edu-web-prod_d-/ })
      .waitFor({ timeout: STORY_TIMEOUT_MS });
    await slack.screenshot('deploy-status-live-group');
  });
});
