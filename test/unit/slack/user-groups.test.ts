import type { WebClient } from '@slack/web-api';
import { slackDirectory, USER_GROUP_TTL_MS } from '../../../lib/slack/user-groups';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** `usergroups.users.list`, answering from `answers` in turn and recording each request. */
function fakeSlack(...answers: (string[] | undefined | Error)[]) {
  const requests: { usergroup: string }[] = [];
  const list = (args: { usergroup: string }) => {
    requests.push(args);
    const answer = answers.shift();
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({ ok: true, users: answer });
  };
  // Only usergroups.users.list is used by slackDirectory; a full WebClient would need a token and network.
  const client = { usergroups: { users: { list } } } as unknown as WebClient;
  return { client, requests };
}

function directoryAt(client: WebClient) {
  const clock = { now: T0 };
  return { directory: slackDirectory(client, () => clock.now), clock };
}

describe('slackDirectory', () => {
  it('asks Slack for the members of a user group', async () => {
    // Prepare
    const slack = fakeSlack(['U0ALICE', 'U0BOB']);
    const { directory } = directoryAt(slack.client);
    // Act
    const members = await directory.membersOf('S0DEVELOPERS');
    // Assess
    expect(members).toEqual(['U0ALICE', 'U0BOB']);
    expect(slack.requests).toEqual([{ usergroup: 'S0DEVELOPERS' }]);
  });

  it('treats an answer without users as an empty group', async () => {
    // Prepare
    const { directory } = directoryAt(fakeSlack(undefined).client);
    // Act
    const members = await directory.membersOf('S0EMPTY');
    // Assess
    expect(members).toEqual([]);
  });

  it.each([0, 1, USER_GROUP_TTL_MS - 1])('answers from its cache %p ms later', async (later) => {
    // Prepare
    const slack = fakeSlack(['U0ALICE'], ['U0ALICE', 'U0NEW']);
    const { directory, clock } = directoryAt(slack.client);
    await directory.membersOf('S0DEVELOPERS');
    clock.now = T0 + later;
    // Act
    const members = await directory.membersOf('S0DEVELOPERS');
    // Assess
    expect(members).toEqual(['U0ALICE']);
    expect(slack.requests).toHaveLength(1);
  });

  it.each([USER_GROUP_TTL_MS, USER_GROUP_TTL_MS + 1])('asks Slack again %p ms later', async (later) => {
    // Prepare
    const slack = fakeSlack(['U0ALICE'], ['U0ALICE', 'U0NEW']);
    const { directory, clock } = directoryAt(slack.client);
    await directory.membersOf('S0DEVELOPERS');
    clock.now = T0 + later;
    // Act
    const members = await directory.membersOf('S0DEVELOPERS');
    // Assess
    expect(members).toEqual(['U0ALICE', 'U0NEW']);
    expect(slack.requests).toHaveLength(2);
  });

  it('shares one request between lookups made while it is in flight', async () => {
    // Prepare
    const slack = fakeSlack(['U0ALICE']);
    const { directory } = directoryAt(slack.client);
    // Act
    const [first, second] = await Promise.all([
      directory.membersOf('S0DEVELOPERS'),
      directory.membersOf('S0DEVELOPERS'),
    ]);
    // Assess
    expect(second).toBe(first);
    expect(slack.requests).toHaveLength(1);
  });

  it('keeps each user group apart', async () => {
    // Prepare
    const slack = fakeSlack(['U0ALICE'], ['U0EVE']);
    const { directory } = directoryAt(slack.client);
    // Act
    const developers = await directory.membersOf('S0DEVELOPERS');
    const leads = await directory.membersOf('S0OPSLEADS');
    // Assess
    expect([developers, leads]).toEqual([['U0ALICE'], ['U0EVE']]);
    expect(slack.requests).toEqual([{ usergroup: 'S0DEVELOPERS' }, { usergroup: 'S0OPSLEADS' }]);
  });

  it('does not cache a failed lookup: the next one asks Slack again', async () => {
    // Prepare
    const slack = fakeSlack(new Error('An API error occurred: ratelimited'), ['U0ALICE']);
    const { directory } = directoryAt(slack.client);
    await expect(directory.membersOf('S0DEVELOPERS')).rejects.toThrow('ratelimited');
    // Act
    const members = await directory.membersOf('S0DEVELOPERS');
    // Assess
    expect(members).toEqual(['U0ALICE']);
    expect(slack.requests).toHaveLength(2);
  });
});
