import { rateLimiter, SLACK_LIMITS } from '../../fakes/slack-rate-limits';

describe("the loopback Slack's rate limits", () => {
  it('lets a burst of chat.postMessage into one channel through, then answers with the wait until the next token', () => {
    // Prepare
    const limiter = rateLimiter(SLACK_LIMITS);
    // Act
    const burst = [0, 0, 0].map(() => limiter.admit('chat.postMessage', 'C1', 0));
    const fourth = limiter.admit('chat.postMessage', 'C1', 0);
    // Assess
    expect(burst.every((admission) => admission.allowed)).toBe(true);
    expect(fourth).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.refused()).toBe(1);
  });

  it('keys chat.postMessage by channel, so another channel has its own burst', () => {
    // Prepare
    const limiter = rateLimiter(SLACK_LIMITS);
    for (let call = 0; call < 3; call += 1) limiter.admit('chat.postMessage', 'C1', 0);
    // Act
    const other = limiter.admit('chat.postMessage', 'C2', 0);
    // Assess
    expect(other.allowed).toBe(true);
  });

  it('refills one token per second for chat.postMessage', () => {
    // Prepare
    const limiter = rateLimiter(SLACK_LIMITS);
    for (let call = 0; call < 3; call += 1) limiter.admit('chat.postMessage', 'C1', 0);
    // Act
    const early = limiter.admit('chat.postMessage', 'C1', 500);
    const onTime = limiter.admit('chat.postMessage', 'C1', 1_000);
    // Assess
    expect(early.allowed).toBe(false);
    expect(onTime.allowed).toBe(true);
  });

  it('holds chat.update to Tier 3 across channels: 10 at once, then about 50 a minute', () => {
    // Prepare
    const limiter = rateLimiter(SLACK_LIMITS);
    // Act
    const allowed = Array.from({ length: 70 }, (_, call) =>
      limiter.admit('chat.update', `C${call % 2}`, call * 1_000),
    ).filter((admission) => admission.allowed).length;
    // Assess: 10 at first, then 50 per 60 s over the 69 s that follow
    expect(allowed).toBeGreaterThanOrEqual(55);
    expect(allowed).toBeLessThanOrEqual(10 + Math.ceil((69 * 50) / 60));
  });

  it('says how long to wait in whole seconds, never zero', () => {
    // Prepare
    const limiter = rateLimiter({ rules: { 'chat.update': { perSecond: 50 / 60, burst: 1 } } });
    limiter.admit('chat.update', undefined, 0);
    // Act
    const refused = limiter.admit('chat.update', undefined, 100);
    // Assess
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it('does not limit methods it has no rule for', () => {
    expect(rateLimiter(SLACK_LIMITS).admit('chat.postEphemeral', 'C1', 0).allowed).toBe(true);
  });
});
