import * as z from 'zod';
import { ALARM_CONTEXT, isAlarmContextKey, placeholderOf } from '../../commands/runbooks/context';
import { name } from './fields';

// `apps.<app>.runbooks.<env>`: named actions for the app's alarms in one environment, each an SSM Automation runbook
// or Run Command document, offered as a button on the alarms whose names match. Parameters come from the alarm's
// context or are fixed here: nothing typed in Slack ever reaches them (docs/decisions/0026).

const CONTEXT_LIST = ALARM_CONTEXT.map((key) => `{${key}}`).join(', ');

// SSM document names: letters, digits, _ - . (3..128), as the SSM API's DocumentName pattern has them.
const documentName = z
  .string()
  .regex(/^[a-zA-Z0-9_.-]{3,128}$/, 'must be an SSM document name such as AWS-RestartEC2Instance');
const parameterName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a document parameter name');
const ONE_LINE = /^\P{Cc}*$/u;

const parameterValue = z
  .string()
  .max(1024)
  .regex(ONE_LINE, 'must be one line')
  .superRefine((value, ctx) => {
    const key = placeholderOf(value);
    if (key !== undefined && !isAlarmContextKey(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `\`{${key}}\` is not part of an alarm: a runbook's parameters are bound only to ${CONTEXT_LIST}, or fixed here; nothing typed in Slack can fill them`,
      });
    } else if (key === undefined && /[{}]/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be exactly one of ${CONTEXT_LIST}, or a fixed value without braces`,
      });
    }
  });

// An alarm name pattern: the name itself, with `*` for any run of characters.
const alarmPattern = z.string().min(1).max(255).regex(ONE_LINE, 'must be one line');

export const runbook = z.strictObject({
  name,
  /** The button's label. */
  label: z.string().min(1).max(60),
  /** Alarm names (with `*`) it is offered on. */
  alarms: z.array(alarmPattern).min(1),
  kind: z.enum(['automation', 'command']),
  document: documentName,
  documentVersion: z
    .string()
    .regex(/^(\$DEFAULT|\$LATEST|[1-9][0-9]*)$/)
    .optional(),
  parameters: z.record(parameterName, parameterValue).default({}),
});

export const runbookSets = z.record(name, z.array(runbook).max(5)).default({});

export type RunbookConfig = z.infer<typeof runbook>;
