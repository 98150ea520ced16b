import { WebClient } from '@slack/web-api';
import { SlackUploadError, uploadImage } from '../../../lib/slack/file-upload';
import { startSlackUploadApi, type SlackUploadApiFake } from '../../fakes/slack-upload-api';

let slack: SlackUploadApiFake;
let client: WebClient;
// A PNG signature and a few bytes that are not valid UTF-8, so a text round-trip would show.
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const graph = {
  channel: 'C0PRODOPS01',
  filename: 'edu-web-prod-cpu-high.png',
  title: 'edu-web-prod-cpu-high, last 3 h',
  bytes: png,
  altText: 'CPUUtilization over 3 hours',
};

beforeAll(async () => {
  slack = await startSlackUploadApi();
  client = new WebClient('xoxb-test-token', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

beforeEach(() => {
  slack.calls.length = 0;
  slack.uploads.length = 0;
});

afterAll(async () => {
  await slack.stop();
});

describe('uploadImage', () => {
  it('asks for an upload URL, posts the bytes there, then shares the file in the channel', async () => {
    // Act
    const fileId = await uploadImage(client, graph, { fetch });
    // Assess
    expect(slack.calls.map((call) => call.method)).toEqual([
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    expect(slack.calls[0]?.args).toMatchObject({
      filename: 'edu-web-prod-cpu-high.png',
      length: String(png.byteLength),
      alt_txt: 'CPUUtilization over 3 hours',
    });
    expect(slack.uploads).toEqual([{ fileId, bytes: Buffer.from(png), contentType: 'application/octet-stream' }]);
    expect(slack.calls[2]?.args).toMatchObject({
      channel_id: 'C0PRODOPS01',
      files: [{ id: fileId, title: 'edu-web-prod-cpu-high, last 3 h' }],
    });
    expect(slack.calls[2]?.args.thread_ts).toBeUndefined();
    expect(fileId).toMatch(/^F0GRAPH\d{4}$/);
  });

  it('shares into a thread when given one', async () => {
    const fileId = await uploadImage(client, { ...graph, threadTs: '1767261601.000100' }, { fetch });
    expect(slack.calls[2]?.args).toMatchObject({
      channel_id: 'C0PRODOPS01',
      thread_ts: '1767261601.000100',
      files: [{ id: fileId }],
    });
  });

  it('posts through the injected fetch', async () => {
    const seen: string[] = [];
    const recording: typeof fetch = (url, init) => {
      seen.push(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url);
      return fetch(url, init);
    };
    const fileId = await uploadImage(client, graph, { fetch: recording });
    expect(seen).toEqual([expect.stringMatching(new RegExp(`/upload/${fileId}$`)) as unknown]);
  });

  it('fails with SlackUploadError, and completes nothing, when the upload POST fails', async () => {
    // Prepare
    slack.failNextUpload(500);
    // Act
    const upload = uploadImage(client, graph, { fetch });
    // Assess
    await expect(upload).rejects.toThrow(SlackUploadError);
    await expect(upload).rejects.toThrow(/HTTP 500/);
    expect(slack.calls.map((call) => call.method)).toEqual(['files.getUploadURLExternal', 'upload']);
  });
});
