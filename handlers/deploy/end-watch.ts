import { isAmong } from '../../commands/access';
import { typedCommand } from '../../commands/spec';
import type { endWatchSpec } from '../../commands/specs/deploy-end-watch';
import { context, section } from '../../lib/slack/blocks/kit';
import { escape } from '../../lib/mrkdwn';
import { refusalMessage } from '../../lib/slack/blocks/usage';
import { reply, type Executor } from '../jobs/outcome';
import { refreshProgress } from './progress';

/**
 * /deploy end-watch: an approver ends the watch after Reroute early (the cause is known, blue must go now), with
 * a reason the message and the audit log keep. Terminate blue is offered again once it ended.
 */
export const runEndWatch: Executor<typeof endWatchSpec> = async (args, { deps, job, config }) => {
  const typed = typedCommand(job);
  const approvers = config.environments[args.env]?.access.approvers ?? [];
  if (!(await isAmong(job.actor.id, approvers, deps.directory))) {
    const reason = `only approvers of \`${args.env}\` may end the watch early.`;
    return reply(refusalMessage(typed, reason, 'Ask an approver, or wait for the watch to pass.'), {
      decision: 'refused',
      detail: reason,
    });
  }
  const running = await deps.store.deployments.running();
  const watches = await Promise.all(running.map((id) => deps.store.watches.get(id)));
  const watch = watches.find(
    (w) => w?.app === args.app && w.env === args.env && (w.status === 'watching' || w.status === 'failed'),
  );
  if (!watch) {
    const reason = `no deployment of \`${args.app}\` in \`${args.env}\` is being watched after Reroute.`;
    return reply(refusalMessage(typed, reason));
  }
  if (!(await deps.store.watches.end(watch.deploymentId, 'ended', { user: job.actor.id, reason: args.reason }))) {
    return reply(refusalMessage(typed, 'the watch ended meanwhile; see the deployment message.'));
  }
  await refreshProgress(watch.deploymentId, deps, { force: true });
  const text = `Ended the watch of ${watch.deploymentId} early: ${args.reason}`;
  return reply(
    {
      text,
      blocks: [
        section(`👀 Ended the watch of \`${watch.deploymentId}\` early: ${escape(args.reason)}`),
        context('Terminate blue now is offered on the deployment message again.'),
      ],
    },
    {
      decision: 'allowed',
      detail: `watch of ${watch.deploymentId} ended early: ${args.reason}`,
      deploymentId: watch.deploymentId,
    },
  );
};
