import { TIMEOUT_MS, type BotFunctions } from './functions';
import { lambdaContext } from './lambda-context';

type Target = 'deployEvents' | 'alarmEvents';

interface Rule {
  target: Target;
  source: string;
  detailTypes: readonly string[];
}

/** The bot event bus's rules, as serverless.yml declares them. */
export const RULES: readonly Rule[] = [
  {
    target: 'deployEvents',
    source: 'aws.codedeploy',
    detailTypes: ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
  },
  { target: 'alarmEvents', source: 'aws.cloudwatch', detailTypes: ['CloudWatch Alarm State Change'] },
];

/** Lambda retries a failed asynchronous invocation twice (EventBridge targets are invoked asynchronously). */
const ASYNC_RETRIES = 2;
const RETRY_DELAY_MS = 1_000;

export function targetOf(event: unknown): Target | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const { source, 'detail-type': detailType } = event as { source?: unknown; 'detail-type'?: unknown };
  return RULES.find((rule) => rule.source === source && rule.detailTypes.includes(String(detailType)))?.target;
}

export interface EventBus {
  put(event: unknown): Promise<void>;
  stop(): void;
}

/**
 * EventBridge in-process: the simulated account's events reach deployEvents or alarmEvents by source and
 * detail-type, as the rules on the bot's bus route them; events no rule matches go nowhere, as on AWS.
 */
export function createEventBus(functions: Pick<BotFunctions, Target>, log: (line: string) => void): EventBus {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  return {
    async put(event) {
      const target = targetOf(event);
      if (!target) return;
      for (let attempt = 0; attempt <= ASYNC_RETRIES && !stopped; attempt += 1) {
        try {
          await functions[target](event, lambdaContext(target, TIMEOUT_MS[target]));
          return;
        } catch (error) {
          log(`${target} failed (attempt ${attempt + 1} of ${ASYNC_RETRIES + 1}): ${String(error)}`);
          if (attempt < ASYNC_RETRIES) await pause(RETRY_DELAY_MS);
        }
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
