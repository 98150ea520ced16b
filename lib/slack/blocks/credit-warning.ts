import type { Diagnosis } from '../../../commands/alarms/throttling';
import { context, escape, header, section, type SlackMessage } from './kit';
import { creditActions } from './credit-actions';
import { throttlingBlocks } from './throttling';

/** A warning before an alarm: burstable instances of a group are running out of CPU credits. */
export function creditWarningMessage(
  app: string,
  env: string,
  group: string,
  diagnosis: Diagnosis,
  everyMinutes: number,
): SlackMessage {
  const every = everyMinutes === 1 ? 'every minute' : `every ${everyMinutes} minutes`;
  const exhausted = diagnosis.verdict === 'exhausted';
  const title = `${exhausted ? ':red_circle:' : ':warning:'} ${app} → ${env}: CPU credits ${exhausted ? 'exhausted' : 'draining'}`;
  return {
    text: `${app} ${env}: ${diagnosis.headline}`,
    blocks: [
      header(title),
      section(`Auto Scaling group \`${escape(group)}\`: *${escape(diagnosis.headline)}*`),
      ...throttlingBlocks(diagnosis),
      context(
        `blueshift watches burstable fleets ${every}, warns at most every 6 hours per group and says when the throttle is lifted. \`/status ${escape(app)} ${escape(env)}\` for the rest.`,
      ),
      creditActions({ app, env }),
    ],
  };
}
