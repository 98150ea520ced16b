import {
  isOfferedFor,
  largerTypes,
  parseTypeChoice,
  timingGrant,
  timingOf,
} from '../../../commands/credits/bigger-types';
import { driftSince } from '../../../commands/credits/drift';
import { movePlan } from '../../../commands/credits/move-plan';
import type { GroupTemplate } from '../../../commands/credits/ports';

const template = (overrides: Partial<GroupTemplate> = {}): GroupTemplate => ({
  group: 'edu-web-prod-asg',
  templateId: 'lt-0e1d2c3b4a5968778',
  templateName: 'edu-web',
  versionRef: '$Default',
  version: 7,
  instanceType: 't3.micro',
  ...overrides,
});

describe('the types offered', () => {
  it.each([
    ['t3.micro', ['t3.small', 't3.medium', 't3.large', 't3.xlarge', 't3.2xlarge']],
    ['t3a.large', ['t3a.xlarge', 't3a.2xlarge']],
    ['t4g.nano', ['t4g.micro', 't4g.small', 't4g.medium', 't4g.large', 't4g.xlarge', 't4g.2xlarge']],
    ['t2.xlarge', ['t2.2xlarge']],
    ['t3.2xlarge', []],
    ['m5.large', []],
    [undefined, []],
  ])('for %s: the larger sizes of its family', (current, offered) => {
    expect(largerTypes(current).map((offer) => offer.type)).toEqual(offered);
  });

  it('say each one in baseline terms from the credit table', () => {
    const [small] = largerTypes('t2.micro');
    expect(small).toEqual({
      type: 't2.small',
      profile: expect.objectContaining({ baselinePercent: 20, vcpus: 1 }) as unknown,
    });
  });

  it.each([
    ['t3.micro', 't3.small', true],
    ['t3.micro', 't3.micro', false],
    ['t3.micro', 't3.nano', false],
    ['t3.micro', 't3a.small', false],
    ['t3.micro', 'm5.large', false],
  ])('for a group on %s, %s is offered: %s', (current, chosen, offered) => {
    expect(isOfferedFor(current, chosen)).toBe(offered);
  });

  it.each([
    ['web:prod:t3.small', { app: 'web', env: 'prod', instanceType: 't3.small' }],
    ['web:prod:m5.large', undefined],
    ['web:prod:t3.small:x', undefined],
    ['web:prod', undefined],
    ['Web:prod:t3.small', undefined],
    ['web:prod:t3.huge', undefined],
  ])('read from a click, %s is %j', (value, parsed) => {
    expect(parseTypeChoice(value)).toEqual(parsed);
  });

  it('read one known timing from the grants, or none', () => {
    expect(timingOf(['alarms-firing', timingGrant('refresh')])).toBe('refresh');
    expect(timingOf([timingGrant('refresh'), timingGrant('next-deployment')])).toBeUndefined();
    expect(timingOf(['when:yesterday'])).toBeUndefined();
  });
});

describe('the move plan', () => {
  it('changes the groups not on the type, leaves those on it, and blocks a group of another family', () => {
    // Act
    const plan = movePlan('t3.small', [
      template(),
      template({ group: 'green', versionRef: '12', instanceType: 't3.small' }),
      template({ group: 'odd', instanceType: 't3a.micro' }),
      { group: 'old', problem: 'it launches from a launch configuration' },
    ]);
    // Assess
    expect(plan.templates.map((t) => [t.group, t.use])).toEqual([['edu-web-prod-asg', 'default']]);
    expect(plan.already.map((t) => t.group)).toEqual(['green']);
    expect(plan.blocked.map((b) => b.group)).toEqual(['old', 'odd']);
  });
});

describe('what changed since the preview', () => {
  it('goes on past a newer version, saying so', () => {
    const drift = driftSince([template()], [template({ version: 9 })], 'type');
    expect(drift.refusal).toBeUndefined();
    expect(drift.notes.join()).toContain('is at version 9');
  });

  it.each([
    ['another template', template({ templateId: 'lt-1', templateName: 'other' }), 'now launches template'],
    ['another reference', template({ versionRef: '$Latest' }), 'now names version `$Latest`'],
    ['another type', template({ version: 8, instanceType: 't3.medium' }), 'now launches t3.medium'],
    ['a blocked group', { group: 'edu-web-prod-asg', problem: 'the group no longer exists' }, 'no longer exists'],
    ['a group not previewed', template({ group: 'green' }), 'was not in the preview'],
  ])('refuses %s', (_, now, said) => {
    expect(driftSince([template()], [now], 'type').refusal).toContain(said);
  });

  it('lets the credit switch go on past a type change, which it does not touch', () => {
    expect(driftSince([template()], [template({ instanceType: 't3.small' })], 'credits').refusal).toBeUndefined();
  });
});
