import { WEB_HISTORY } from '../../sandbox/github/history';
import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('changes');

const at = (revision: string) => WEB_HISTORY.findIndex((commit) => commit.revision === revision);
/** What v42 adds to the v41 prod runs: the commits after v41's, up to v42's, as the sandbox's fake GitHub has them. */
const V42_COMMITS = WEB_HISTORY.slice(at('web/v41.zip') + 1, at('web/v42.zip') + 1);
const [V41_SHA, V42_SHA] = [WEB_HISTORY[at('web/v41.zip')]!.sha, WEB_HISTORY[at('web/v42.zip')]!.sha];

describe('what a deploy changes, from the sandbox fake GitHub (docs/decisions/0024)', () => {
  storyIt(story)('the approval request and then the progress message list the commits v42 adds', async () => {
    const slack = story!.console();
    await slack.actAs('alice');
    await slack.openChannel('prod-ops');
    await slack.type('/deploy web prod v42');
    const approval = slack.messageAt(await slack.tsOf(slack.message('Approval needed: /deploy web prod v42')));

    const expectCommits = async (message: typeof approval) => {
      await message
        .filter({ hasText: `What changed: ${V42_COMMITS.length} commits` })
        .waitFor({ timeout: STORY_TIMEOUT_MS });
      const text = await message.innerText();
      expect(text).toContain(`${V41_SHA.slice(0, 7)} → ${V42_SHA.slice(0, 7)}`);
      for (const commit of V42_COMMITS) {
        expect(text).toContain(commit.sha.slice(0, 7));
        expect(text).toContain(commit.message.split('\n')[0]);
        expect(text).toContain(commit.login!);
      }
      const compare = message.getByRole('link', { name: 'compare on GitHub' });
      expect(await compare.getAttribute('href')).toMatch(
        new RegExp(`/edu-org/web/compare/${V41_SHA.slice(0, 7)}[0-9a-f]*\\.\\.\\.${V42_SHA.slice(0, 7)}`),
      );
    };
    await expectCommits(approval);
    await slack.screenshot('changes-approval');

    // bob approves: the progress message carries the same list
    await slack.actAs('bob');
    await slack.press(approval, 'request.approve');
    const progress = slack
      .message(/web → prod · v42/)
      .filter({ has: slack.page.getByTestId('block-header') })
      .first();
    const live = slack.messageAt(await slack.tsOf(progress));
    await expectCommits(live);
    await slack.screenshot('changes-progress');
  });
});
