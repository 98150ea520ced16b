import { actions } from '../../../lib/slack/blocks/buttons';
import { context, divider, header, section } from '../../../lib/slack/blocks/kit';
import { renderBlocks } from '../../../sandbox/console/blocks';
import type { RenderContext } from '../../../sandbox/console/mrkdwn';

const ctx: RenderContext = {
  names: { user: () => 'bob', channel: () => undefined, group: () => undefined },
  now: new Date(),
  timeZone: 'UTC',
};

describe('Block Kit as the console shows it', () => {
  it('renders the blocks the bot builds: header, section with fields, context, divider', () => {
    // Prepare: blocks from the bot's own renderer helpers
    const blocks = [
      header('🚀 web → prod · v42'),
      section('*Revision* `v42`', ['*Group*\nedu-web-prod', '*By*\n<@U0BOB>']),
      divider(),
      context('took 3m'),
    ];
    // Act
    const html = renderBlocks(blocks, ctx);
    // Assess
    expect(html).toContain('<div class="bk-header" data-testid="block-header">🚀 web → prod · v42</div>');
    expect(html).toContain('<strong>Revision</strong> <code class="mk-code">v42</code>');
    expect(html).toMatch(/<div class="bk-field"><strong>Group<\/strong><br>edu-web-prod<\/div>/);
    expect(html).toContain('<span class="mention">@bob</span>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).toContain('took 3m');
  });

  it('renders buttons with their style, action and confirm dialog for the page to act on', () => {
    const html = renderBlocks(
      [
        actions('deployment-d-1', [
          {
            action: 'deployment.reroute',
            text: 'Reroute traffic',
            value: 'd-1',
            style: 'primary',
            confirm: { title: 'Reroute?', text: 'It moves *traffic*.', confirm: 'Reroute' },
          },
          { action: 'deployment.stop', text: 'Stop & roll back', value: 'd-1', style: 'danger' },
        ]),
      ],
      ctx,
    );
    expect(html).toContain(
      'class="bk-button bk-button-primary" data-testid="button-deployment.reroute" data-action-id="deployment.reroute" data-block-id="deployment-d-1" data-index="0"',
    );
    expect(html).toContain('data-confirm="{&quot;title&quot;:&quot;Reroute?&quot;');
    expect(html).toContain('class="bk-button bk-button-danger"');
    expect(html).toContain('data-block-id="deployment-d-1" data-index="1">Stop &amp; roll back</button>');
    expect(html).not.toContain('value='); // the value stays on the server: Slack sends the button's own
  });

  it('shows an uploaded graph from the workspace and says what it cannot render', () => {
    const html = renderBlocks(
      [
        { type: 'image', slack_file: { id: 'F0SANDBOX0001' }, alt_text: 'CPU graph' },
        { type: 'input', label: { type: 'plain_text', text: 'x' }, element: { type: 'plain_text_input' } },
      ],
      ctx,
    );
    expect(html).toContain('<img src="/files/F0SANDBOX0001" alt="CPU graph" data-testid="block-image">');
    expect(html).toContain('[input block]');
  });
});
