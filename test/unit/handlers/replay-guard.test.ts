import type { AwsEvent, AwsHandler, AwsResponse } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import { rejectReplays } from '../../../handlers/slack/replay-guard';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');
const FIVE_MINUTES = 5 * 60_000;
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

/** A slash command as API Gateway (HTTP API, payload v2) hands it over; only the headers matter here. */
function slackRequest(headers: Record<string, string>): AwsEvent {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(T0 / 1000),
      ...headers,
    },
    body: 'command=%2Fstatus&text=web+prod',
    isBase64Encoded: false,
    requestContext: {},
  };
}

/** Bolt's handler, answering with the given status codes in turn (200 once they run out). */
function fakeBolt(statusCodes: number[] = []) {
  const received: AwsEvent[] = [];
  const handle: AwsHandler = (event) => {
    received.push(event);
    const response: AwsResponse = { statusCode: statusCodes.shift() ?? 200, body: '' };
    return Promise.resolve(response);
  };
  return { handle, received };
}

function guardedAt(bolt: AwsHandler) {
  const clock = { now: T0 };
  return { handler: rejectReplays(bolt, () => clock.now), clock };
}

describe('rejectReplays', () => {
  it('passes a first request to Bolt and gives back its answer', async () => {
    // Prepare
    const bolt = fakeBolt([200]);
    const { handler } = guardedAt(bolt.handle);
    // Act
    const response = await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
    // Assess
    expect(response).toEqual({ statusCode: 200, body: '' });
    expect(bolt.received).toHaveLength(1);
  });

  it.each<[string, Record<string, string>]>([
    ['the same headers', { 'x-slack-signature': SIGNATURE }],
    ['the header spelled differently', { 'X-Slack-Signature': SIGNATURE }],
  ])('refuses a second identical request within 5 minutes, with %s, without asking Bolt', async (_case, headers) => {
    // Prepare
    const bolt = fakeBolt();
    const { handler, clock } = guardedAt(bolt.handle);
    await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
    clock.now = T0 + FIVE_MINUTES - 1;
    // Act
    const response = await handler(slackRequest(headers), {});
    // Assess
    expect(response).toEqual({ statusCode: 401, body: 'replayed request' });
    expect(bolt.received).toHaveLength(1);
  });

  it.each([FIVE_MINUTES, FIVE_MINUTES + 1, 60 * 60_000])(
    'passes the same request to Bolt again %p ms later',
    async (later) => {
      // Prepare
      const bolt = fakeBolt();
      const { handler, clock } = guardedAt(bolt.handle);
      await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
      clock.now = T0 + later;
      // Act
      const response = await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
      // Assess
      expect(response.statusCode).toBe(200);
      expect(bolt.received).toHaveLength(2);
    },
  );

  it.each([401, 404, 500])('does not remember a request Bolt answered with %p', async (statusCode) => {
    // Prepare
    const bolt = fakeBolt([statusCode]);
    const { handler } = guardedAt(bolt.handle);
    await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
    // Act
    const response = await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
    // Assess
    expect(response.statusCode).toBe(200);
    expect(bolt.received).toHaveLength(2);
  });

  it('does not remember a request Bolt failed on', async () => {
    // Prepare
    const bolt = fakeBolt();
    let calls = 0;
    const { handler } = guardedAt((event, context) =>
      ++calls === 1 ? Promise.reject(new Error('listener threw')) : bolt.handle(event, context),
    );
    await expect(handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {})).rejects.toThrow('listener threw');
    // Act
    const response = await handler(slackRequest({ 'x-slack-signature': SIGNATURE }), {});
    // Assess
    expect(response.statusCode).toBe(200);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['requests with different signatures', { 'x-slack-signature': SIGNATURE }, { 'x-slack-signature': 'v0=0000' }],
    ['requests without a signature (Bolt refuses them itself)', {}, {}],
  ])('passes %s through', async (_case, first, second) => {
    // Prepare
    const bolt = fakeBolt();
    const { handler } = guardedAt(bolt.handle);
    await handler(slackRequest(first), {});
    // Act
    const response = await handler(slackRequest(second), {});
    // Assess
    expect(response.statusCode).toBe(200);
    expect(bolt.received).toHaveLength(2);
  });
});
