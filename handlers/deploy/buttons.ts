import { describePrincipals, isAmong } from '../../commands/access';
import type { DeploymentLink, LinkButton } from '../../commands/deploy/ports';
import { KnownFailure } from '../../lib/errors';
import { logger } from '../../lib/log';
import { refreshProgress } from './progress';
import type { WorkerDeps } from '../jobs/deps';
import type { ActionJob } from '../../commands/job';
import { refuseClick } from '../jobs/reply';
import { audit } from '../jobs/audit';

interface ButtonRule {
  field: LinkButton;
  verb: string;
  /** Traffic moves and blue-fleet termination on a protected environment are an approver's call. */
  approversOnProtected: boolean;
  press(link: DeploymentLink, deps: WorkerDeps): Promise<void>;
}

/** Who may press: operators or approvers; on protected environments some buttons are for approvers only. */
async function mayPress(
  rule: ButtonRule,
  link: DeploymentLink,
  job: ActionJob,
  deps: WorkerDeps,
): Promise<string | undefined> {
  const env = (await deps.config()).environments[link.env];
  if (!env) return `\`${link.env}\` is no longer configured.`;
  if (rule.field === 'terminateRequestedBy') {
    // Blue is the way back while the watch after Reroute runs or after it failed; a stale button must not end it.
    const watch = await deps.store.watches.get(link.deploymentId);
    if (watch?.status === 'watching')
      return 'the watch after Reroute has not passed yet: blue is the way back until it does.';
    if (watch?.status === 'failed') return 'the watch after Reroute failed: roll back to blue, or deploy a fix.';
  }
  const { operators, approvers } = env.access;
  const allowed = rule.approversOnProtected && env.protected ? approvers : [...operators, ...approvers];
  if (await isAmong(job.actor.id, allowed, deps.directory)) return undefined;
  return `only ${describePrincipals(allowed)} may ${rule.verb} on \`${link.env}\`.`;
}

const accountOf = async (link: DeploymentLink, deps: WorkerDeps, actor: ActionJob['actor']) =>
  (await deps.account(link.env, actor)).target;

/**
 * A deployment button: authorised on click, pressed once (a double click or a second person gets "already
 * requested by …"), then the progress message is refreshed so the button goes away.
 */
function pressButton(rule: ButtonRule) {
  return async (job: ActionJob, deps: WorkerDeps): Promise<string> => {
    const link = await deps.store.deployments.get(job.value);
    const typed = `${rule.verb} (${job.value})`;
    if (!link)
      return refuseClick(job, deps, typed, 'blueshift did not start this deployment, so it does not control it.');
    const base = {
      at: deps.now(),
      user: job.actor.id,
      command: typed,
      env: link.env,
      app: link.app,
      deploymentId: link.deploymentId,
    };
    // A deployment's buttons are on its progress message only: a click from anywhere else names it by forgery.
    if (job.channel !== link.channel || job.messageTs !== link.ts) {
      const elsewhere = "this button is not on the deployment's progress message, so it does not act on it.";
      await audit({ ...base, decision: 'refused', detail: elsewhere }, deps, { announce: true });
      return refuseClick(job, deps, typed, elsewhere);
    }
    const refusal = await mayPress(rule, link, job, deps);
    if (refusal) {
      await audit({ ...base, decision: 'refused', detail: refusal }, deps, { announce: true });
      return refuseClick(job, deps, typed, refusal);
    }
    if (!(await deps.store.deployments.markPressed(link.deploymentId, rule.field, job.actor.id, job.id))) {
      const again = await deps.store.deployments.get(link.deploymentId);
      return refuseClick(job, deps, typed, `it was already requested by <@${again?.[rule.field] ?? 'someone'}>.`);
    }
    try {
      await rule.press({ ...link, requestedBy: job.actor.id, requesterName: job.actor.name }, deps);
    } catch (error) {
      // Not done, so the button must come back: someone can press it again when it makes sense.
      await deps.store.deployments.clearPressed(link.deploymentId, rule.field);
      if (error instanceof KnownFailure) return refuseClick(job, deps, typed, `${error.message} ${error.next}`);
      throw error;
    }
    // Done in CodeDeploy: an audit or a refresh Slack refuses must not turn it into a failure, or a retry into
    // "already requested". The progress record is left as it was, so the next event or the sweeper shows it.
    await audit({ ...base, decision: 'allowed', detail: `${rule.verb}: done` }, deps, { announce: true }).catch(
      (error: unknown) =>
        logger.error('could not audit a button that took effect', { deploymentId: link.deploymentId, error }),
    );
    await refreshProgress(link.deploymentId, deps, { force: true }).catch((error: unknown) =>
      logger.warn('could not refresh the progress message after a button', { deploymentId: link.deploymentId, error }),
    );
    return rule.verb;
  };
}

const as = (link: DeploymentLink) => ({ id: link.requestedBy, name: link.requesterName });

const causedBy = (error: unknown, name: string): boolean =>
  error instanceof KnownFailure && error.cause instanceof Error && error.cause.name === name;

/**
 * CodeDeploy refused the press as done already. When the deployment is where the press would have taken it, an
 * earlier attempt of this job did it and its answer was lost (a timeout, then SQS's redelivery): it is done, not
 * refused. (Someone who pressed it in the console meanwhile got the same result, so that reads right too.)
 */
async function tookEffect(
  error: unknown,
  link: DeploymentLink,
  deps: WorkerDeps,
  refusal: string,
  where: (status: string) => boolean,
): Promise<void> {
  if (!causedBy(error, refusal)) throw error;
  const { status } = await (await accountOf(link, deps, as(link))).control.get(link.deploymentId);
  if (!where(status)) throw error;
  logger.info('the press had already taken effect', { deploymentId: link.deploymentId, status });
}

export const deploymentActions = {
  'deployment.reroute': pressButton({
    field: 'rerouteRequestedBy',
    verb: 'reroute traffic',
    approversOnProtected: true,
    press: async (link, deps) =>
      (await accountOf(link, deps, as(link))).control
        .continue(link.deploymentId, 'READY_WAIT')
        // Past Ready after having been there: the traffic moved.
        .catch((error: unknown) =>
          tookEffect(
            error,
            link,
            deps,
            'DeploymentIsNotInReadyStateException',
            (status) => link.sawReady && status !== 'Ready',
          ),
        ),
  }),
  'deployment.terminate-blue': pressButton({
    field: 'terminateRequestedBy',
    verb: 'terminate the blue fleet',
    approversOnProtected: true,
    press: async (link, deps) => {
      await (await accountOf(link, deps, as(link))).control.continue(link.deploymentId, 'TERMINATION_WAIT');
      // CodeDeploy has no state for "terminating"; the message learns it from the button that started it.
      const fresh = await deps.store.deployments.get(link.deploymentId);
      if (fresh) await deps.store.deployments.advance(link.deploymentId, fresh.version, { stage: 'terminating' });
    },
  }),
  'deployment.stop': pressButton({
    field: 'stopRequestedBy',
    verb: 'stop and roll back',
    approversOnProtected: false,
    press: async (link, deps) => {
      await (
        await accountOf(link, deps, as(link))
      ).control
        .stop(link.deploymentId, true)
        .catch((error: unknown) =>
          tookEffect(error, link, deps, 'DeploymentAlreadyCompletedException', (status) => status === 'Stopped'),
        );
    },
  }),
};

/**
 * Puts a deployment's message back as its record stands, after the slack function marked a click on it ("⏳ …
 * requested by …") that the worker then refused: the buttons still pressable come back. False when the clicked
 * message is not the deployment's own (nothing here to render it from).
 */
export async function unmarkDeployment(job: ActionJob, deps: WorkerDeps): Promise<boolean> {
  const link = await deps.store.deployments.get(job.value);
  if (link?.channel !== job.channel || link.ts !== job.messageTs) return false;
  await refreshProgress(job.value, deps, { force: true });
  return true;
}
