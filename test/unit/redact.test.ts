import { keepSecret, redact, redactDeep, redactError } from '../../lib/redact';

keepSecret('SENTINEL-session-token', 'SENTINEL-session-token-and-more', 'a+b/c.d*e(secret)', 'short', undefined, '');

describe('redact', () => {
  it('blanks every secret, the longest first, with characters a regular expression would take for its own', () => {
    // Act
    const text = redact('token SENTINEL-session-token-and-more, then SENTINEL-session-token and a+b/c.d*e(secret).');
    // Assess
    expect(text).toBe('token [redacted], then [redacted] and [redacted].');
  });

  it('ignores values too short to be secrets, so ordinary words survive', () => {
    // Act
    const text = redact('a short answer');
    // Assess
    expect(text).toBe('a short answer');
  });

  it('copies a Slack message with every string redacted and everything else kept', () => {
    // Prepare
    const message = {
      text: 'failed: SENTINEL-session-token',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x SENTINEL-session-token' } }],
      n: 3,
    };
    // Act
    const copy = redactDeep(message);
    // Assess
    expect(copy).toEqual({
      text: 'failed: [redacted]',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x [redacted]' } }],
      n: 3,
    });
    expect(message.text).toBe('failed: SENTINEL-session-token');
  });

  it("redacts an error in place: message, stack, cause and fields, keeping the fields' shape", () => {
    // Prepare
    const error = Object.assign(
      new Error('bad SENTINEL-session-token', { cause: new Error('because a+b/c.d*e(secret)') }),
      {
        $metadata: { httpStatusCode: 403, extendedRequestId: 'SENTINEL-session-token' },
        $fault: 'client',
      },
    );
    // Act
    redactError(error);
    // Assess
    expect(error.message).toBe('bad [redacted]');
    expect(error.stack).not.toContain('SENTINEL');
    expect((error.cause as Error).message).toBe('because [redacted]');
    expect(error.$metadata).toEqual({ httpStatusCode: 403, extendedRequestId: '[redacted]' });
    expect(error.$fault).toBe('client');
  });
});
