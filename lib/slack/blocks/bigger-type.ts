import type { KnownBlock } from '@slack/types';
import {
  baselineWords,
  timingGrant,
  typeChoiceValue,
  type MoveTiming,
  type TypeOffer,
} from '../../../commands/credits/bigger-types';
import type { MovePlan } from '../../../commands/credits/move-plan';
import type { GroupTemplate, RefreshState } from '../../../commands/credits/ports';
import { burstableProfile } from '../../../commands/burstable';
import type { FleetRef } from '../../../commands/processes/fleet-ref';
import { CREDIT_ACTIONS } from './credit-actions';
import { actions, type ButtonSpec } from './buttons';
import { actor, clip, context, escape, LIMITS, section, type SlackMessage } from './kit';
import type { Preview } from './request';

/** "Move to a bigger type": the offer, what will change, and what did (docs/decisions/0026). */

const code = (text: string) => `\`${escape(text)}\``;

function typeWords(instanceType: string | undefined): string {
  const profile = burstableProfile(instanceType);
  return `${code(instanceType ?? 'no type set')}${profile ? ` (${baselineWords(profile)})` : ''}`;
}

/** The larger types of the group's family, one button each, for the thread. */
export function typeOffers(ref: FleetRef, templates: GroupTemplate[], offers: TypeOffer[]): SlackMessage {
  const now = templates
    .map(
      (t) =>
        `• ${code(t.group)}: launch template ${code(t.templateName)} version ${t.version}, ${typeWords(t.instanceType)}`,
    )
    .join('\n');
  const buttons: ButtonSpec[] = offers.map((offer) => ({
    action: CREDIT_ACTIONS.biggerTo,
    text: `${offer.type}: ${baselineWords(offer.profile)}`,
    value: typeChoiceValue({ ...ref, instanceType: offer.type }),
  }));
  const text = `*Move ${escape(ref.app)} → ${escape(ref.env)} to a bigger type*\nNow:\n${now}`;
  return {
    text: `${ref.app} ${ref.env}: pick a bigger type`,
    blocks: [
      section(clip(text, LIMITS.sectionText)),
      actions(`bigger-types-${ref.env}-${ref.app}`.slice(0, 255), buttons),
      context(
        'Baseline: the CPU each vCPU may use all the time on earned credits. A bigger size earns more credits per hour; prices are on the EC2 pricing page. Nothing changes until you pick a type and say when.',
      ),
    ],
  };
}

function useWords(template: MovePlan['templates'][number]): string {
  switch (template.use) {
    case 'latest':
      return 'the group launches `$Latest`, so new instances get it as soon as it exists';
    case 'default':
      return "made the template's default version, which the group launches (`$Default`)";
    case 'pin':
      return `set as the version \`${escape(template.group)}\` launches (it named version ${template.version})`;
  }
}

export const TIMING_WORDS: Record<MoveTiming, string> = {
  'next-deployment': 'At the next deployment',
  refresh: 'Now, through an instance refresh',
};

/** What will change, and the two ways it can take effect, chosen at the gate. */
export function movePreview(plan: MovePlan, ref: FleetRef): Preview {
  const lines = [
    ...plan.templates.map(
      (t) =>
        `• ${code(t.group)}: launch template ${code(t.templateName)} version ${t.version} (${code(t.versionRef)}) runs ${typeWords(t.instanceType)} → a new version from ${t.version} with ${typeWords(plan.instanceType)}, ${useWords(t)}`,
    ),
    ...plan.already.map((t) => `• ${code(t.group)}: already launches ${code(plan.instanceType)}, left alone`),
  ];
  const when = [
    `*${TIMING_WORDS['next-deployment']}:* the next blue/green deployment provisions its new fleet from the group's launch template, so it runs ${code(plan.instanceType)}; so does any instance the group launches before then. The running instances stay as they are.`,
    `*${TIMING_WORDS.refresh}:* the same, and Auto Scaling replaces the running instances now, a few at a time, keeping the group's minimum healthy percentage; the thread follows it.`,
  ];
  return {
    summary: `move ${ref.app} in ${ref.env} to ${plan.instanceType} (${plan.templates.length} launch template version${plan.templates.length === 1 ? '' : 's'})`,
    blocks: [
      section(
        clip(
          `*Move ${escape(ref.app)} → ${escape(ref.env)} to ${escape(plan.instanceType)}*\n${lines.join('\n')}`,
          LIMITS.sectionText,
        ),
      ),
      section(when.join('\n')),
    ],
    choices: (['next-deployment', 'refresh'] as const).map((timing) => ({
      label: TIMING_WORDS[timing],
      grant: timingGrant(timing),
    })),
  };
}

export interface MoveOutcome {
  ref: FleetRef;
  instanceType: string;
  timing: MoveTiming;
  by: string;
  approvedBy?: string;
  versions: { template: string; version: number; use: string }[];
  /** Each refreshed group's refresh, as last seen. */
  refreshes: { group: string; state: RefreshState | undefined; adopted: boolean }[];
  /** Set when blueshift stopped following the refresh (its look failed for good): why, and what to do. */
  unfollowed?: { reason: string; next: string };
}

function refreshLine(refresh: MoveOutcome['refreshes'][number]): string {
  const { state } = refresh;
  if (!state) return `• ${code(refresh.group)}: instance refresh not found any more; see the Auto Scaling console`;
  const icon = state.ended ? (state.succeeded ? '✅' : '❌') : '⏳';
  const percent = state.percentage !== undefined ? ` ${state.percentage} %` : '';
  const reason = state.reason ? `: ${escape(clip(state.reason, 300))}` : '';
  const adopted = refresh.adopted ? ' (one was already running; blueshift follows it)' : '';
  return `${icon} ${code(refresh.group)}: instance refresh ${code(state.id)} *${escape(state.status)}*${percent}${reason}${adopted}`;
}

/** What changed, and (a refresh) how far the refresh is: the thread reply, edited while the refresh runs. */
export function moveResult(outcome: MoveOutcome): SlackMessage {
  const { ref } = outcome;
  const approved = outcome.approvedBy ? `, approved by ${actor(outcome.approvedBy)}` : '';
  const failed = outcome.refreshes.some((r) => r.state?.ended && !r.state.succeeded);
  const lines = [
    `${failed ? '⚠️' : '✅'} ${actor(outcome.by)} moved ${escape(ref.app)} → ${escape(ref.env)} to *${escape(outcome.instanceType)}*${approved}: ${TIMING_WORDS[outcome.timing].toLowerCase()}.`,
    ...outcome.versions.map((v) => `• launch template ${code(v.template)}: version ${v.version}, ${escape(v.use)}`),
    ...outcome.refreshes.map(refreshLine),
  ];
  const next: KnownBlock[] =
    outcome.timing === 'next-deployment'
      ? [
          context(
            'The running instances keep their type; the next deployment (and any instance launched before it) runs the new one.',
          ),
        ]
      : failed
        ? [
            context(
              'The refresh did not finish: the instances it did not replace keep the old type. The launch template version stays, so the next deployment still moves them.',
            ),
          ]
        : [];
  const unfollowed: KnownBlock[] = outcome.unfollowed
    ? [
        section(
          `:warning: blueshift stopped following the refresh: ${escape(outcome.unfollowed.reason)} It may still be running: follow it in the Auto Scaling console (the group's *Instance refresh* tab).`,
        ),
        context(escape(outcome.unfollowed.next)),
      ]
    : [];
  return {
    text: `${ref.app} ${ref.env}: moved to ${outcome.instanceType}`,
    blocks: [section(clip(lines.join('\n'), LIMITS.sectionText)), ...next, ...unfollowed],
  };
}
