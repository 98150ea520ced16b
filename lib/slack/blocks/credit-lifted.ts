import type { ThrottleLifted } from '../../../commands/alarms/throttle-lifted';
import { context, escape, section, slackDate, type SlackMessage } from './kit';

const BECAUSE: Record<ThrottleLifted['because'], string> = {
  unlimited: 'instances now unlimited',
  recovering: 'credits recovering',
};

/** The credit watch's all-clear: a group it warned about is no longer throttled nor draining. */
export function creditLiftedMessage(
  app: string,
  env: string,
  group: string,
  lifted: ThrottleLifted,
  warnedAt: Date,
): SlackMessage {
  const headline = `CPU-credit throttle lifted — ${BECAUSE[lifted.because]} (${lifted.detail})`;
  return {
    text: `✅ ${app} ${env}: ${headline}`,
    blocks: [
      section(`✅ *${escape(app)} ${escape(env)}*: ${escape(headline)}`),
      context(
        `Auto Scaling group \`${escape(group)}\`, warned ${slackDate(warnedAt)}. blueshift warns again if its credits run low again.`,
      ),
    ],
  };
}
