import { STORY_TIMEOUT_MS } from './support/console-page';
import { storyIt, useStory } from './support/story';

const story = useStory('alarm');

describe('the CPU-credit incident', () => {
  storyIt(story)('t3.micro instances run out of credits and the alarm message says so, with a graph', async () => {
    const slack = story!.console();
    await slack.actAs('alice');
    await slack.openChannel('prod-ops');
    await slack.page.getByTestId('scenario-cpu-credits').click();

    const alarm = slack
      .message(/ALARM: edu-web-/)
      .filter({ has: slack.page.getByTestId('block-header') })
      .first();
    await alarm.waitFor({ timeout: STORY_TIMEOUT_MS });
    await alarm.filter({ hasText: 'credits exhausted' }).waitFor({ timeout: STORY_TIMEOUT_MS });
    await slack.page
      .locator('[data-testid="block-image"], [data-testid="file-image"]')
      .first()
      .waitFor({ timeout: STORY_TIMEOUT_MS });
    // The alarm at the top of the view, so the verdict, the buttons and the graph in its thread are in the picture.
    await alarm.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await slack.screenshot('cpu-credits-exhausted-alarm');
  });
});
