import { SendMessageCommand } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { handler as slackHandler } from '../../functions/slack';
import { handler as workerHandler } from '../../functions/worker';
import { COMMAND_TEXT_MAX } from '../../lib/config/limits';
import { signedEvent } from '../fakes/slack-requests';
import { lambdaContext, useHarness } from '../integration/harness';
import { trackAwsCalls } from './support/aws-calls';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { commandText, EVIL_MARKUP, token, tokenSoup } from './support/hostile';
import { ackProblems, sentMessageProblems } from './support/inspect';
import { slashCommandForm } from './support/requests';
import { TargetWorld } from './support/world';

/**
 * Hostile slash command text through the real functions: the slack function's ack (any text, up to 100 KB), and
 * for fewer cases the worker's answer too, with every message the bot sends to Slack inspected.
 */
const harness = useHarness();
const aws = trackAwsCalls(harness);

const command = fc.constantFrom('/status', '/deploy', '/rollback', '/waf-exempt');
// alice operates prod by ID, carol through S0DEVELOPERS, bob approves (S0OPSLEADS), mallory may do nothing.
const user = fc.constantFrom('U0ALICE', 'U0CAROL', 'U0BOB', 'U0MALLORY');
const channel = fc.constantFrom('C0PRODOPS01', 'C0STAGING01', 'C0AUDIT0001', 'C0RANDOM001');
const userName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('alice', 'carol', 'bob', 'mallory') },
  { weight: 1, arbitrary: fc.constantFrom(...EVIL_MARKUP, 'x'.repeat(255), 'a*b_c~d`e') },
);

/** Commands that get past the parser, so the worker runs them: with hostile paths, reasons and trailing text. */
const acceptedCommand = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom<[string, string]>(
          ['/deploy', 'lock web prod'],
          ['/deploy', 'lock web staging'],
          ['/deploy', 'web staging'],
          ['/deploy', 'web prod'],
          ['/deploy', 'unlock web staging'],
          ['/rollback', 'web prod'],
          ['/rollback', 'web staging'],
          ['/status', 'web prod'],
          ['/status', ''],
          ['/waf-exempt', 'list'],
          ['/waf-exempt', 'prod AWSManagedRulesCommonRuleSet /admin for 2h'],
          ['/waf-exempt', 'prod SizeRestrictions_BODY /upload from 203.0.113.0/24'],
        ),
        tokenSoup(10),
      )
      .map(([[name, start], tail]) => ({ name, text: `${start} ${tail}` })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(token, tokenSoup(6)).map(([path, reason]) => ({
      name: '/waf-exempt',
      text: `prod AdminProtection_URIPATH /${path.replace(/\s/g, '')} for 30m ${reason}`,
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(token, tokenSoup(6)).map(([rule, reason]) => ({
      name: '/waf-exempt',
      text: `prod ${rule.replace(/\s/g, '') || 'x'} /admin for 30m ${reason}`,
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('/status', '/deploy', '/rollback', '/waf-exempt'), commandText({ maxHuge: 4_000 }))
      .map(([name, text]) => ({ name, text })),
  },
);

async function freshCase(): Promise<void> {
  await harness().reset();
  harness().slack.setUserGroup('S0OPSLEADS', ['U0BOB']);
  harness().slack.setUserGroup('S0DEVELOPERS', ['U0CAROL', 'U0DAN']);
  aws.clear();
}

/**
 * How long the slack function took to ack each command: printed as information, never asserted (docs/decisions/0004).
 */
const ackMs: number[] = [];

async function type(input: { command: string; text: string; user: string; channel: string; userName?: string }) {
  const form = new URLSearchParams(
    slashCommandForm({
      command: input.command,
      text: input.text,
      userId: input.user,
      channelId: input.channel,
      responseUrl: harness().slack.responseUrl(),
    }),
  );
  if (input.userName) form.set('user_name', input.userName);
  const event = signedEvent(form.toString());
  const started = performance.now();
  const response = await slackHandler(event, lambdaContext);
  ackMs.push(performance.now() - started);
  return response;
}

afterAll(() => {
  const sorted = [...ackMs].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
  if (sorted.length)
    process.stdout.write(
      `\nSlack function acks, ${sorted.length} signed slash commands (information only, not asserted): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`,
    );
});

describe('slash commands through the slack function', () => {
  it("acks any text with 200 within Slack's limits, no live markup from it, at most one SQS message and no other call", async () => {
    await checkProperty(
      fc.asyncProperty(command, commandText(), user, channel, async (name, text, userId, channelId) => {
        harness().queued.length = 0;
        harness().slack.reset();
        aws.clear();
        // Act
        const response = await type({ command: name, text, user: userId, channel: channelId });
        // Assess
        expect(response.statusCode).toBe(200);
        expect(ackProblems(response.body)).toEqual([]);
        expect(aws.calls().filter((call) => call !== 'SQS SendMessageCommand')).toEqual([]);
        expect(harness().sqs.commandCalls(SendMessageCommand).length).toBeLessThanOrEqual(1);
        expect(
          harness()
            .slack.calls.map((call) => call.method)
            .filter((method) => method !== 'usergroups.users.list'),
        ).toEqual([]);
        const [job] = harness().queued.map((body) => JSON.parse(body) as { kind: string; text?: string });
        // What Slack sends: form-encoded UTF-8, where a lone surrogate becomes U+FFFD.
        const sent = new URLSearchParams(new URLSearchParams({ text }).toString()).get('text');
        if (job?.kind === 'command') expect(job.text).toBe(sent);
        if (text.length > COMMAND_TEXT_MAX) expect(job?.kind ?? 'none').not.toBe('command');
      }),
      runs('commandAck'),
    );
  }, 120_000);

  async function run(
    steps: { command: { name: string; text: string }; user: string; channel: string; userName?: string }[],
  ): Promise<void> {
    await freshCase();
    const world = new TargetWorld();
    try {
      const failures = [];
      for (const step of steps) {
        // Act
        const response = await type({
          command: step.command.name,
          text: step.command.text,
          user: step.user,
          channel: step.channel,
          userName: step.userName,
        });
        while (harness().queued.length)
          failures.push(...(await workerHandler(harness().takeJobs(), lambdaContext)).batchItemFailures);
        expect(response.statusCode).toBe(200);
      }
      // Assess
      expect(failures).toEqual([]);
      expect(aws.unmocked()).toEqual([]);
      expect(sentMessageProblems(harness().slack.calls)).toEqual([]);
    } finally {
      world.restore();
    }
  }

  it("answers through the worker within Slack's limits, never echoing a live mention or link, and never fails a job", async () => {
    await checkProperty(
      fc.asyncProperty(fc.record({ command: acceptedCommand, user, channel, userName }), (step) => run([step])),
      runs('commandWorker'),
    );
  }, 300_000);

  // Someone stores what they typed (a lock's or a rollback's reason, always with some markup), then another operator
  // and an approver look: a refused deploy, an approval message, /status, an unlock.
  const stored = fc.tuple(
    fc.constantFrom(
      { env: 'prod', channel: 'C0PRODOPS01', owner: 'U0ALICE', other: 'U0CAROL' },
      { env: 'prod', channel: 'C0PRODOPS01', owner: 'U0CAROL', other: 'U0ALICE' },
      { env: 'staging', channel: 'C0STAGING01', owner: 'U0CAROL', other: 'U0DAN' },
    ),
    fc.constantFrom('/deploy lock', '/rollback'),
    tokenSoup(4),
    fc.constantFrom(...EVIL_MARKUP),
    tokenSoup(4),
    userName,
  );

  it('shows what one person typed to others without a live mention or link', async () => {
    await checkProperty(
      fc.asyncProperty(stored, ([where, start, before, markup, after, name]) => {
        const [command = '', ...sub] = start.split(' ');
        const looks = [
          ['/deploy', `web ${where.env}`],
          ['/rollback', `web ${where.env}`],
          ['/status', `web ${where.env}`],
          ['/deploy', `unlock web ${where.env}`],
        ];
        return run([
          {
            command: { name: command, text: [...sub, 'web', where.env, before, markup, after].join(' ') },
            user: where.owner,
            channel: where.channel,
            userName: name,
          },
          ...looks.flatMap(([look = '', text = '']) =>
            [where.other, 'U0BOB'].map((viewer) => ({
              command: { name: look, text },
              user: viewer,
              channel: where.channel,
            })),
          ),
        ]);
      }),
      runs('commandStored'),
    );
  }, 300_000);
});
