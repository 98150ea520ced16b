import { deployStartedMessage } from '../../../lib/slack/blocks/deploy-preview';

describe('the reply once a deployment started', () => {
  it('links its progress message, with the channel beside the link, not inside its label', () => {
    // Act
    const message = deployStartedMessage('d-SIM000001', 'v42', 'C0PRODOPS01', '1796570421.093000');
    // Assess
    expect(JSON.stringify(message.blocks)).toContain(
      'Progress: <https://slack.com/archives/C0PRODOPS01/p1796570421093000|the message> in <#C0PRODOPS01>.',
    );
  });
});
