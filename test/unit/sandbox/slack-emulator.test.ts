import { parseConfig } from '../../../lib/config/parse';
import { uploadImage } from '../../../lib/slack/file-upload';
import { slackReplies, ResponseUrlError } from '../../../lib/slack/replies';
import { slackDirectory } from '../../../lib/slack/user-groups';
import { createWebClient } from '../../../lib/slack/web-client';
import { listen, type HttpServer } from '../../../sandbox/server/http';
import { slackRoutes } from '../../../sandbox/server/slack-routes';
import { FileStore } from '../../../sandbox/slack/files';
import { MessageStore } from '../../../sandbox/slack/messages';
import { ResponseUrls } from '../../../sandbox/slack/response-urls';
import { BOT_USER_ID, createWorkspace } from '../../../sandbox/slack/workspace';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const config = parseConfig(
  readFileSync(join(ROOT, 'test', 'fixtures', 'config', 'integration.yml'), 'utf8'),
  'integration.yml',
);
const TOKEN = 'xoxb-emulator-test';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let server: HttpServer;
let messages: MessageStore;
let responseUrls: ResponseUrls;
let base = '';

beforeAll(async () => {
  const workspace = createWorkspace(config, join(ROOT, 'manifest.yml'));
  messages = new MessageStore();
  responseUrls = new ResponseUrls(() => base, messages);
  const routes = slackRoutes({
    workspace,
    messages,
    files: new FileStore(),
    responseUrls,
    botToken: TOKEN,
    base: () => base,
    onCall: () => undefined,
  });
  server = await listen(routes, 0, () => undefined);
  base = server.url;
});
afterAll(() => server.close());

const client = () => createWebClient(TOKEN, `${base}/api`);

describe('the sandbox Slack emulator, spoken to by the bot’s own Web API client', () => {
  it('posts, edits in place and threads channel messages', async () => {
    // Prepare
    const replies = slackReplies(client());
    // Act
    const { ts } = await replies.post('C0PRODOPS01', {
      text: 'deploying',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*v42*' } }],
    });
    await replies.update('C0PRODOPS01', ts, { text: 'deployed', blocks: [] });
    await replies.post('C0PRODOPS01', { text: 'AfterInstall failed', blocks: [] }, ts);
    // Assess
    const edited = messages.find('C0PRODOPS01', ts);
    expect(edited).toMatchObject({ text: 'deployed', user: BOT_USER_ID });
    expect(edited?.editedAt).toBeDefined();
    expect(messages.visibleTo('U0MALLORY').filter((m) => m.threadTs === ts)).toHaveLength(1);
  });

  it('shows ephemeral messages only to their user, and refuses to chat.update them', async () => {
    await slackReplies(client()).postEphemeral('C0PRODOPS01', 'U0ALICE', { text: 'only alice', blocks: [] });
    const secret = messages.all().find((m) => m.text === 'only alice');
    expect(messages.visibleTo('U0ALICE')).toContain(secret);
    expect(messages.visibleTo('U0BOB')).not.toContain(secret);
    await expect(client().chat.update({ channel: 'C0PRODOPS01', ts: secret?.ts ?? '', text: 'x' })).rejects.toThrow(
      /message_not_found/,
    );
  });

  it('answers response_url with Slack’s semantics: ephemeral by default, replace_original, and at most 5 uses', async () => {
    const origin = messages.post({
      channel: 'C0PRODOPS01',
      user: BOT_USER_ID,
      text: 'Confirm?',
      ephemeralTo: 'U0ALICE',
    });
    const url = responseUrls.issue('C0PRODOPS01', 'U0ALICE', origin.ts);
    const replies = slackReplies(client());
    await replies.respond(url, { text: 'working', blocks: [] });
    await replies.respond(url, { text: 'Confirmed', blocks: [] }, { replaceOriginal: true });
    await replies.respond(url, { text: 'for everyone', blocks: [] }, { responseType: 'in_channel' });
    expect(messages.find('C0PRODOPS01', origin.ts)).toMatchObject({ text: 'Confirmed', ephemeralTo: 'U0ALICE' });
    expect(messages.all().find((m) => m.text === 'working')?.ephemeralTo).toBe('U0ALICE');
    expect(messages.all().find((m) => m.text === 'for everyone')?.ephemeralTo).toBeUndefined();
    await replies.respond(url, { text: '4', blocks: [] });
    await replies.respond(url, { text: '5', blocks: [] });
    await expect(replies.respond(url, { text: '6', blocks: [] })).rejects.toBeInstanceOf(ResponseUrlError);
  });

  it('takes an image through the external upload flow and shares it in the channel', async () => {
    const fileId = await uploadImage(client(), {
      channel: 'C0PRODOPS01',
      filename: 'cpu.png',
      title: 'CPU',
      bytes: PNG,
      altText: 'CPU graph',
    });
    const shared = messages.all().find((m) => m.files?.[0]?.id === fileId);
    expect(shared?.files?.[0]).toMatchObject({ title: 'CPU', mimetype: 'image/png', url: `/files/${fileId}` });
    const served = await fetch(`${base}/files/${fileId}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
  });

  it('knows user groups, and refuses a wrong token', async () => {
    await expect(slackDirectory(client()).membersOf('S0OPSLEADS')).resolves.toEqual(['U0BOB']);
    await expect(
      createWebClient('xoxb-wrong', `${base}/api`).chat.postMessage({ channel: 'C0PRODOPS01', text: 'x' }),
    ).rejects.toThrow(/invalid_auth/);
  });
});
