import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real alarm payloads (test/fixtures/payloads, whose README gives each one's source) and
 * builders that change only what a test needs: the account, region, ARN and alarm name.
 */
export const PAYLOADS_DIR = join(__dirname, '../../fixtures/payloads');

export const ALARM_PAYLOADS = readdirSync(PAYLOADS_DIR)
  .filter((file) => /cw-alarm|alarm-action/.test(file))
  .sort();

type Json = Record<string, unknown>;

export function payload(file: string): Json {
  return JSON.parse(readFileSync(join(PAYLOADS_DIR, file), 'utf8')) as Json;
}

export interface Retarget {
  name: string;
  account: string;
  region: string;
}

const arnOf = ({ name, account, region }: Retarget): string => `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;

/** An EventBridge alarm event from a real sample, moved to another account, region and alarm name. */
export function eventBridgeAlarm(file: string, target: Retarget): Json {
  const event = payload(file);
  const detail = event.detail as Json;
  return {
    ...event,
    account: target.account,
    region: target.region,
    resources: [arnOf(target)],
    detail: { ...detail, alarmName: target.name },
  };
}

function retargetMessage(message: string, target: Retarget, extra: Json): string {
  const alarm = JSON.parse(message) as Json;
  return JSON.stringify({
    ...alarm,
    AlarmName: target.name,
    AWSAccountId: target.account,
    AlarmArn: arnOf(target),
    ...extra,
  });
}

/** A Lambda SNS event from a real sample, its alarm message moved (the Region display name is left as it was). */
export function snsLambdaAlarm(file: string, target: Retarget, extra: Json = {}): Json {
  const event = payload(file);
  const [record] = event.Records as Json[];
  const sns = (record?.Sns ?? {}) as Json;
  return {
    ...event,
    Records: [{ ...record, Sns: { ...sns, Message: retargetMessage(String(sns.Message), target, extra) } }],
  };
}

/** An SNS HTTP delivery body from a real sample, its alarm message moved. */
export function snsHttpAlarm(file: string, target: Retarget, extra: Json = {}): Json {
  const body = payload(file);
  return { ...body, Message: retargetMessage(String(body.Message), target, extra) };
}
