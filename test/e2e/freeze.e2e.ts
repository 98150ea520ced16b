import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('freeze');

describe('a change freeze on web prod (docs/decisions/0023)', () => {
  storyIt(story)(
    'is announced, refuses a deploy with when it ends, and override goes through an approver, announced',
    async () => {
      const slack = story!.console();
      await slack.actAs('alice');
      await slack.openChannel('prod-ops');

      // the console's control writes a dated freeze into the bot's configuration; the sweeper says it started
      await slack.page.getByTestId('scenario-change-freeze').click();
      await slack
        .message(/Deploy freeze on prod: Change freeze: the spring launch/)
        .waitFor({ timeout: STORY_TIMEOUT_MS });

      // a plain /deploy is refused, with why and until when (in Seoul's time, the environment's zone)
      await slack.type('/deploy web prod v42');
      await slack
        .message(/web prod is frozen: Change freeze: the spring launch\. Deploys are allowed again .* Asia\/Seoul/)
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack.screenshot('freeze-deploy-refused');

      // break-glass: the request becomes an approval in the channel, with the freeze and the reason
      await slack.type('/deploy web prod v42 override hotfix for the login page');
      const approval = slack.messageAt(
        await slack.tsOf(slack.message('Approval needed: /deploy web prod v42 override hotfix for the login page')),
      );
      await approval.filter({ hasText: 'Break-glass: deploys are frozen' }).waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack.screenshot('freeze-override-approval');

      // bob approves: the deployment starts, and the channel hears it went through the freeze
      await slack.actAs('bob');
      await slack.press(approval, 'request.approve');
      await slack
        .message(/Break-glass: @alice deployed v42 to web prod through the freeze/)
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack
        .message(/web → prod · v42/)
        .first()
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      await slack.screenshot('freeze-override-deployed');
    },
  );
});
