import * as z from 'zod';
import type { DeployContext } from '../../commands/alarms/deploy-context';
import type { DiagnosisSummary } from '../../commands/alarms/episodes';
import type { AlarmNotification } from '../../commands/alarms/notification';
import type { Diagnosis } from '../../commands/alarms/throttling';
import { InvalidRecordError } from './record';
import type { TableItem } from './table';

/**
 * An episode keeps the alarm notification and the diagnosis it shows as JSON, so a button click or the sweeper
 * can render the message again without asking AWS. Read back through a schema: the table outlives versions.
 */
const state = z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']);
const identity = z.object({ namespace: z.string(), name: z.string(), dimensions: z.record(z.string(), z.string()) });
const notification = z.object({
  alarmName: z.string(),
  alarmArn: z.string().optional(),
  account: z.string(),
  region: z.string(),
  state,
  previousState: state.optional(),
  reason: z.string(),
  changedAt: z.iso.datetime().transform((text) => new Date(text)),
  description: z.string().optional(),
  metric: identity
    .extend({
      statistic: z.string().optional(),
      period: z.number().optional(),
      threshold: z.number().optional(),
      comparison: z.string().optional(),
      unit: z.string().optional(),
    })
    .optional(),
  metrics: z
    .array(
      z.object({
        id: z.string(),
        expression: z.string().optional(),
        label: z.string().optional(),
        returnData: z.boolean(),
        metric: identity.optional(),
        stat: z.string().optional(),
        period: z.number().optional(),
      }),
    )
    .optional(),
  threshold: z.number().optional(),
  comparison: z.string().optional(),
  thresholdMetricId: z.string().optional(),
  composite: z.object({ rule: z.string(), triggeredBy: z.array(z.string()) }).optional(),
  currentValue: z.number().optional(),
});
const verdict = z.enum([
  'exhausted',
  'draining',
  'unlimited-surplus',
  'not-credit-related',
  'not-burstable',
  'insufficient-data',
]);
const diagnosis = z.object({
  verdict,
  headline: z.string(),
  facts: z.array(z.string()),
  advice: z.array(z.string()),
  subject: z.string().optional(),
});

function parsed<T>(item: TableItem, attribute: string, schema: z.ZodType<T>): T {
  const value = item[attribute];
  try {
    return schema.parse(JSON.parse(String(value)));
  } catch (error) {
    throw new InvalidRecordError(attribute, item, { cause: error });
  }
}

export const notificationJson = (n: AlarmNotification): string => JSON.stringify(n);

export const notificationFrom = (item: TableItem): AlarmNotification => parsed(item, 'notification', notification);

/** Only what the message shows: the measures behind it hold dates and series nobody reads again. */
export function diagnosisJson(d: DiagnosisSummary | Diagnosis | undefined): string | undefined {
  return (
    d &&
    JSON.stringify({ verdict: d.verdict, headline: d.headline, facts: d.facts, advice: d.advice, subject: d.subject })
  );
}

const deployContext = z.object({
  deploymentId: z.string(),
  kind: z.enum(['deploy', 'rollback']),
  app: z.string(),
  env: z.string(),
  revision: z.string(),
  previousRevision: z.string().optional(),
  outcome: z.enum(['running', 'succeeded', 'failed', 'stopped']),
  at: z.string(),
  minutesBefore: z.number(),
  requestedBy: z.string(),
  outside: z.object({ creator: z.string().optional() }).optional(),
  message: z.object({ channel: z.string(), ts: z.string() }).optional(),
  offerRollback: z.boolean(),
});

export const deployContextJson = (context: DeployContext | undefined): string | undefined =>
  context && JSON.stringify(context);

export function deployContextFrom(item: TableItem): DeployContext | undefined {
  if (item.deployContext === undefined) return undefined;
  return parsed(item, 'deployContext', deployContext);
}

export function diagnosisFrom(item: TableItem): DiagnosisSummary | undefined {
  return item.diagnosis === undefined ? undefined : parsed(item, 'diagnosis', diagnosis);
}
