import type { DeploymentGroupFleet } from '../../commands/fleet/ports';
import type {
  AgentPing,
  DeployLock,
  DeploymentSummary,
  Exemption,
  FiringAlarm,
  Fleet,
  TargetAccount,
} from '../../commands/ports';
import type { StatusPorts } from '../../commands/status';
import { deploymentSummary, fleet, NOW } from './status-views';

/** One read a command made in a target account: which environment, which reader method, with what. */
export interface TargetCall {
  env: string;
  method: keyof TargetAnswers;
  args: unknown[];
}

/** How a fake target account answers each read; anything left out gets a quiet, healthy default. */
export interface TargetAnswers {
  assumeRole(): Promise<void>;
  active(application: string, group: string): Promise<DeploymentSummary | undefined>;
  lastSuccessful(application: string, group: string): Promise<DeploymentSummary | undefined>;
  firing(namePrefix: string): Promise<FiringAlarm[]>;
  /** The deployment group's live fleet; by default it serves the group named `<deployment group>-asg`. */
  deploymentGroup(application: string, group: string): Promise<DeploymentGroupFleet>;
  describe(groupName: string): Promise<Fleet | undefined>;
  creditBalances(instanceIds: string[]): Promise<Map<string, number | undefined>>;
  pingStatus(instanceIds: string[]): Promise<Map<string, AgentPing>>;
}

const DEFAULT_ANSWERS: TargetAnswers = {
  assumeRole: () => Promise.resolve(),
  active: () => Promise.resolve(undefined),
  lastSuccessful: () => Promise.resolve(deploymentSummary()),
  firing: () => Promise.resolve([]),
  deploymentGroup: (_application, group) =>
    Promise.resolve({ serving: [`${group}-asg`], replacedOnDeploy: true, stopOnAlarms: [] }),
  describe: () => Promise.resolve(fleet()),
  creditBalances: (ids) => Promise.resolve(new Map(ids.map((id) => [id, 100]))),
  pingStatus: (ids) => Promise.resolve(new Map(ids.map((id): [string, AgentPing] => [id, 'Online']))),
};

/** The alarm pipeline's parts of a target account: /status never uses them, so any call is a test failure. */
const notForStatus = (): Promise<never> =>
  Promise.reject(new Error('/status does not use alarm insights or alarm actions'));

/** An answer that fails the way an AWS call would. */
export const failing = (message: string) => (): Promise<never> => Promise.reject(new Error(message));

/** A target account that answers from `answers` and records every call into `calls`. */
export function fakeTargetAccount(env: string, answers: Partial<TargetAnswers>, calls: TargetCall[]): TargetAccount {
  const all: TargetAnswers = { ...DEFAULT_ANSWERS, ...answers };
  const recorded = <M extends keyof TargetAnswers>(method: M) =>
    ((...args: unknown[]) => {
      calls.push({ env, method, args });
      return (all[method] as (...a: unknown[]) => unknown)(...args);
    }) as TargetAnswers[M];
  return {
    assumeRole: recorded('assumeRole'),
    deployments: { active: recorded('active'), lastSuccessful: recorded('lastSuccessful') },
    alarms: { firing: recorded('firing') },
    fleet: { describe: recorded('describe') },
    credits: { creditBalances: recorded('creditBalances') },
    agents: { pingStatus: recorded('pingStatus') },
    insights: {
      instancesFor: notForStatus,
      creditModes: notForStatus,
      series: notForStatus,
      replacements: notForStatus,
      graph: notForStatus,
    },
    alarmActions: { disable: notForStatus, enable: notForStatus },
    deploymentGroups: { fleet: recorded('deploymentGroup') },
    groups: { existing: notForStatus },
    alarmRewriter: { watching: notForStatus, move: notForStatus },
  };
}

export interface StatusPortsScript {
  /** Answers per environment name; environments left out answer with the defaults. */
  targets?: Record<string, Partial<TargetAnswers>>;
  locks?: DeployLock[] | Error;
  exemptions?: Exemption[] | Error;
}

export interface FakeStatusPorts extends StatusPorts {
  /** Every target-account read, in the order it was made. */
  calls: TargetCall[];
  /** The `env` argument of each `exemptions.listActive` call. */
  exemptionQueries: (string | undefined)[];
}

const answer = <T>(value: T | Error): Promise<T> =>
  value instanceof Error ? Promise.reject(value) : Promise.resolve(value);

/** `/status`'s ports, all fake; `describeError` marks its text so tests can see it was used. */
export function fakeStatusPorts(script: StatusPortsScript = {}): FakeStatusPorts {
  const calls: TargetCall[] = [];
  const exemptionQueries: (string | undefined)[] = [];
  return {
    calls,
    exemptionQueries,
    target: (env) => Promise.resolve(fakeTargetAccount(env, script.targets?.[env] ?? {}, calls)),
    locks: {
      list: () => answer(script.locks ?? []),
      get: () => Promise.reject(new Error('fakeStatusPorts: /status lists locks, it does not get one')),
    },
    checks: { last: () => Promise.resolve(undefined) },
    exemptions: {
      listActive: (env) => {
        exemptionQueries.push(env);
        return answer(script.exemptions ?? []);
      },
    },
    describeError: (error) => `described: ${error instanceof Error ? error.message : String(error)}`,
    now: () => NOW,
  };
}
