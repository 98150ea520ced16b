import type { AgentPing } from '../../../commands/ports';
import type { AppEnvStatus } from '../../../commands/status-report';
import { statusMessage } from '../../../lib/slack/blocks/status';
import {
  activeDeploymentView,
  alarm,
  appEnvStatus,
  deployLock,
  deploymentView,
  failed,
  fleet,
  fleetView,
  instance,
  NOW,
  ok,
  statusReport,
} from '../../fakes/status-views';
import { expectWithinSlackLimits } from './limits';
import { freezeAt } from '../../../commands/deploy/freeze';
import { buildConfig } from '../../fakes/blueshift-config';
import { fieldsOf, fieldTitled } from './read-blocks';

/** A dated freeze in Asia/Seoul (NOW is 1 March, 21:00 there). */
const seoulFreeze = (from: string) =>
  buildConfig({
    timeZone: 'Asia/Seoul',
    freezes: [{ from, to: '2025-03-03 00:00', reason: 'Samiljeol' }],
  }).environments.prod?.calendar ?? fail('prod is configured');

const LAST_GOOD = ':white_check_mark: last good: *v41* `d-LAST00001` 3h ago by <@U0BOB>';
const NO_INSTANCES = { pending: 0, inProgress: 0, succeeded: 0, failed: 0, skipped: 0, ready: 0 };
const credits = (...balances: [string, number | undefined][]) => ok(new Map(balances));
const agents = (...pings: [string, AgentPing][]) => ok(new Map(pings));

/** The `/status` message for one entry: web prod, quiet except for `overrides`. */
const messageFor = (overrides: Partial<AppEnvStatus>) =>
  statusMessage(statusReport({ entries: [appEnvStatus(overrides)] }));

describe('statusMessage: one field per section of an entry', () => {
  it.each<[string, Partial<AppEnvStatus>, string, string | undefined]>([
    [
      'a deployment in progress, and the last good one',
      { deployment: ok({ active: activeDeploymentView(), last: deploymentView() }) },
      'Deployment',
      `*Deployment*\n:arrows_counterclockwise: *InProgress* \`d-ACTIVE001\` v42 by <@U0ALICE>\n1/3 instances ready\n${LAST_GOOD}`,
    ],
    [
      'a Ready deployment waiting for the reroute, one instance failed',
      {
        deployment: ok({
          active: activeDeploymentView({ status: 'Ready', instances: { ...NO_INSTANCES, ready: 2, failed: 1 } }),
          last: undefined,
        }),
      },
      'Deployment',
      '*Deployment*\n:large_blue_circle: *Ready* `d-ACTIVE001` v42 by <@U0ALICE>\n2/3 instances ready, 1 failed',
    ],
    [
      'a deployment started by Auto Scaling',
      {
        deployment: ok({
          active: activeDeploymentView({ requestedBy: undefined, creator: 'autoscaling' }),
          last: undefined,
        }),
      },
      'Deployment',
      '*Deployment*\n:arrows_counterclockwise: *InProgress* `d-ACTIVE001` v42 by Auto Scaling, for a new instance\n1/3 instances ready',
    ],
    [
      'a deployment a CI role asked blueshift for',
      {
        deployment: ok({
          active: activeDeploymentView({ requestedBy: 'blueshift-ci-github-deploy-web', creator: 'user' }),
          last: undefined,
        }),
      },
      'Deployment',
      '*Deployment*\n:arrows_counterclockwise: *InProgress* `d-ACTIVE001` v42 by *CI* `github-deploy-web`\n1/3 instances ready',
    ],
    [
      'a deployment started by a creator CodeDeploy does not document',
      {
        deployment: ok({
          active: activeDeploymentView({ requestedBy: undefined, creator: 'Something<!here>' }),
          last: undefined,
        }),
      },
      'Deployment',
      '*Deployment*\n:arrows_counterclockwise: *InProgress* `d-ACTIVE001` v42 · started outside Slack (creator `Something&lt;!here&gt;`)\n1/3 instances ready',
    ],
    ['only the last good deployment', {}, 'Deployment', `*Deployment*\n${LAST_GOOD}`],
    [
      'a last good deployment made in the console',
      { deployment: ok({ active: undefined, last: deploymentView({ requestedBy: undefined, creator: 'user' }) }) },
      'Deployment',
      '*Deployment*\n:white_check_mark: last good: *v41* `d-LAST00001` 3h ago · started outside Slack',
    ],
    [
      'no deployment yet',
      { deployment: ok({ active: undefined, last: undefined }) },
      'Deployment',
      '*Deployment*\n_no deployment yet_',
    ],
    ['no deployment group', { deployment: undefined }, 'Deployment', '*Deployment*\n_not configured_'],
    [
      'deployments unavailable',
      { deployment: failed('access denied: <codedeploy:ListDeployments>') },
      'Deployment',
      '*Deployment*\n:warning: _unavailable: access denied: &lt;codedeploy:ListDeployments&gt;_',
    ],
    ['no lock', {}, 'Lock', '*Lock*\n:unlock: unlocked'],
    [
      'a lock with its reason',
      { lock: ok(deployLock({ reason: 'freeze <!channel>' })) },
      'Lock',
      '*Lock*\n:lock: <@U0ALICE> since 2h ago: freeze &lt;!channel&gt;',
    ],
    [
      'a lock that could not be read',
      { lock: failed('ThrottlingException: Rate exceeded') },
      'Lock',
      '*Lock*\n:warning: _unavailable: ThrottlingException: Rate exceeded_',
    ],
    [
      'a lock without a reason',
      { lock: ok(deployLock({ reason: '' })) },
      'Lock',
      '*Lock*\n:lock: <@U0ALICE> since 2h ago',
    ],
    [
      'a lock with an end, held by blueshift after a rollback',
      {
        lock: ok(
          deployLock({
            owner: 'blueshift-system',
            reason: 'rolled back v42: unlock when fixed',
            until: new Date(NOW.getTime() + 3_600_000),
          }),
        ),
      },
      'Lock',
      `*Lock*\n:lock: *blueshift* since 2h ago, until <!date^${Math.floor(NOW.getTime() / 1000) + 3600}^{date_short_pretty} {time}|${new Date(NOW.getTime() + 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} UTC>: rolled back v42: unlock when fixed`,
    ],
    ['no deploy windows or freezes', {}, 'Deploys', undefined],
    [
      'a freeze in force',
      { freeze: freezeAt(seoulFreeze('2025-03-01 18:00'), NOW) },
      'Deploys',
      '*Deploys*\n:ice_cube: frozen: Samiljeol — until Mon, 3 Mar 2025, 00:00 Asia/Seoul (in 1d 3h)',
    ],
    [
      'the next freeze',
      { freeze: freezeAt(seoulFreeze('2025-03-02 00:00'), NOW) },
      'Deploys',
      '*Deploys*\n:large_green_circle: open · next freeze Sun, 2 Mar 2025, 00:00 Asia/Seoul (in 3h): Samiljeol',
    ],
    ['no alarm firing', {}, 'Alarms', '*Alarms*\n:large_green_circle: none firing'],
    [
      'one alarm firing',
      { alarms: ok([alarm('edu-web-5xx')]) },
      'Alarms',
      '*Alarms*\n:red_circle: 1 firing: `edu-web-5xx`',
    ],
    [
      'seven alarms firing: five named',
      {
        alarms: ok(
          ['5xx', 'latency', 'cpu', 'credits', 'unhealthy', 'disk', 'memory'].map((name) => alarm(`edu-web-${name}`)),
        ),
      },
      'Alarms',
      '*Alarms*\n:red_circle: 7 firing: `edu-web-5xx`, `edu-web-latency`, `edu-web-cpu`, `edu-web-credits`, `edu-web-unhealthy` +2 more',
    ],
    [
      'alarms unavailable',
      { alarms: failed('Throttling: Rate exceeded') },
      'Alarms',
      '*Alarms*\n:warning: _unavailable: Throttling: Rate exceeded_',
    ],
    ['no alarm prefix', { alarms: undefined }, 'Alarms', '*Alarms*\n_not configured_ (no `alarmPrefix`)'],
    [
      'a healthy fleet',
      {},
      'Fleet',
      '*Fleet* `edu-web-prod-asg`\n:large_green_circle: 2/2 healthy in service (min 2, max 4) · t3.micro',
    ],
    [
      'an unhealthy instance and one still pending',
      {
        fleet: ok(
          fleetView({
            fleet: fleet({
              desired: 3,
              instances: [
                instance('i-0aaa1111'),
                instance('i-0bbb2222', { healthy: false }),
                instance('i-0ccc3333', { lifecycleState: 'Pending', type: 't3.small' }),
              ],
            }),
          }),
        ),
      },
      'Fleet',
      '*Fleet* `edu-web-prod-asg`\n:warning: 1/3 healthy in service (min 2, max 4) · t3.micro, t3.small\nunhealthy: `i-0bbb2222`',
    ],
    [
      'fewer instances than desired',
      { fleet: ok(fleetView({ fleet: fleet({ desired: 3 }) })) },
      'Fleet',
      '*Fleet* `edu-web-prod-asg`\n:warning: 2/3 healthy in service (min 2, max 4) · t3.micro',
    ],
    [
      'an Auto Scaling group that does not exist',
      { fleet: ok(undefined) },
      'Fleet',
      '*Fleet*\n:warning: Auto Scaling group `edu-web-prod-asg` not found',
    ],
    [
      'the fleet unavailable',
      { fleet: failed('ValidationError') },
      'Fleet',
      '*Fleet*\n:warning: _unavailable: ValidationError_',
    ],
    ['no Auto Scaling group', { fleet: undefined, fleetName: undefined }, 'Fleet', '*Fleet*\n_not configured_'],
    [
      'credits exhausted',
      { fleet: ok(fleetView({ credits: credits(['i-0aaa1111', 0.4], ['i-0bbb2222', 50]) })) },
      'CPU credits',
      '*CPU credits*\n:red_circle: lowest 0.4 (`i-0aaa1111`) — exhausted: throttled to baseline',
    ],
    [
      'credits low',
      { fleet: ok(fleetView({ credits: credits(['i-0aaa1111', 140], ['i-0bbb2222', 12]) })) },
      'CPU credits',
      '*CPU credits*\n:warning: lowest 12.0 (`i-0bbb2222`)',
    ],
    [
      'credits just enough',
      { fleet: ok(fleetView({ credits: credits(['i-0aaa1111', 20]) })) },
      'CPU credits',
      '*CPU credits*\n:large_green_circle: lowest 20.0 (`i-0aaa1111`)',
    ],
    ['credits fine', {}, 'CPU credits', '*CPU credits*\n:large_green_circle: lowest 96.0 (`i-0bbb2222`)'],
    [
      'credits with no recent data',
      { fleet: ok(fleetView({ credits: credits(['i-0aaa1111', undefined]) })) },
      'CPU credits',
      '*CPU credits*\n_no recent data_',
    ],
    [
      'credits unavailable',
      { fleet: ok(fleetView({ credits: failed('GetMetricData: AccessDenied') })) },
      'CPU credits',
      '*CPU credits*\n:warning: _unavailable: GetMetricData: AccessDenied_',
    ],
    ['no burstable instance', { fleet: ok(fleetView({ credits: undefined })) }, 'CPU credits', undefined],
    ['all agents online', {}, 'SSM agents', '*SSM agents*\n:large_green_circle: 2/2 online'],
    [
      'agents offline',
      {
        fleet: ok(
          fleetView({
            agents: agents(['i-0aaa1111', 'Online'], ['i-0bbb2222', 'ConnectionLost'], ['i-0ccc3333', 'NotRegistered']),
          }),
        ),
      },
      'SSM agents',
      '*SSM agents*\n:warning: 1/3 online; `i-0bbb2222` ConnectionLost, `i-0ccc3333` NotRegistered',
    ],
    [
      'agents unavailable',
      { fleet: ok(fleetView({ agents: failed('ssm: AccessDenied') })) },
      'SSM agents',
      '*SSM agents*\n:warning: _unavailable: ssm: AccessDenied_',
    ],
    ['no fleet: no agents', { fleet: ok(undefined) }, 'SSM agents', undefined],
  ])('%s', (_case, overrides, title, expected) => {
    // Act
    const message = messageFor(overrides);
    // Assess
    expect(fieldTitled(message.blocks[1], title)).toBe(expected);
    expectWithinSlackLimits(message);
  });

  it('shows the sections in a fixed order', () => {
    // Act
    const message = messageFor({});
    // Assess
    expect(fieldsOf(message.blocks[1]).map((field) => /^\*([^*]+)\*/.exec(field)?.[1])).toEqual([
      'Deployment',
      'Lock',
      'Alarms',
      'Fleet',
      'CPU credits',
      'SSM agents',
    ]);
  });
});
