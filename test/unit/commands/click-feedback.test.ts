import { MARKED_CLICKS, mayMark } from '../../../commands/click-feedback';
import { UNMARK } from '../../../handlers/jobs/run-action';
import { parseConfig } from '../../../lib/config/parse';
import { readFileSync } from 'node:fs';

const config = parseConfig(
  readFileSync('test/fixtures/config/integration.yml', 'utf8'),
  'test/fixtures/config/integration.yml',
);
// S0OPSLEADS = bob (approvers), S0DEVELOPERS = carol and dan (operators); alice is a prod operator by ID.
const directory = {
  membersOf: (group: string) =>
    Promise.resolve(
      ({ S0OPSLEADS: ['U0BOB'], S0DEVELOPERS: ['U0CAROL', 'U0DAN'] } as Record<string, string[]>)[group] ?? [],
    ),
};
const rule = (action: string) => {
  const found = MARKED_CLICKS[action];
  if (!found) throw new Error(`no rule for ${action}`);
  return found;
};

describe('mayMark: who sees their click marked at once', () => {
  it.each([
    ['deployment.reroute', 'U0BOB', 'C0PRODOPS01', true], // an approver, on protected prod
    ['deployment.reroute', 'U0ALICE', 'C0PRODOPS01', false], // an operator, but prod is protected
    ['deployment.reroute', 'U0CAROL', 'C0STAGING01', true], // an operator, staging is not protected
    ['deployment.stop', 'U0ALICE', 'C0PRODOPS01', true],
    ['deployment.stop', 'U0MALLORY', 'C0PRODOPS01', false],
    ['alarm.snooze-1h', 'U0DAN', 'C0STAGING01', true],
    ['alarm.snooze-4h', 'U0MALLORY', 'C0STAGING01', false],
    ['alarm.ack', 'U0MALLORY', 'C0PRODOPS01', true], // anyone in a served channel
    ['alarm.ack', 'U0BOB', 'C0ELSEWHERE', false],
    ['deployment.stop', 'U0BOB', 'C0AUDIT0001', false], // no environment posts there
  ])('%s by %s in %s: %s', async (action, user, channel, expected) => {
    expect(await mayMark(rule(action), user, channel, config, directory)).toBe(expected);
  });

  it('marks only buttons the worker knows how to put back', () => {
    expect(Object.keys(UNMARK).sort()).toEqual(Object.keys(MARKED_CLICKS).sort());
  });

  it('takes away the clicked button with every mark', () => {
    for (const [action, { settles }] of Object.entries(MARKED_CLICKS)) expect(settles).toContain(action);
  });
});
