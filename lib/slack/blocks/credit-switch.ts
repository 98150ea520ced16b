import type { KnownBlock } from '@slack/types';
import type { CreditMode } from '../../../commands/alarms/throttling';
import { costRule, type CreditPlan } from '../../../commands/credits/plan';
import type { InstanceSwitch } from '../../../commands/credits/ports';
import type { FleetRef } from '../../../commands/processes/fleet-ref';
import { modeButton } from './credit-actions';
import { actions, type ButtonSpec } from './buttons';
import { actor, clip, context, escape, LIMITS, section, type SlackMessage } from './kit';
import type { Preview } from './request';

/** Switching an app's fleet between CPU-credit modes: what will change, then what did (decisions 0026). */

const MODE_WORD: Record<CreditMode, string> = { unlimited: 'unlimited', standard: 'standard' };

const code = (text: string) => `\`${escape(text)}\``;

function useWords(template: CreditPlan['templates'][number]): string {
  switch (template.use) {
    case 'latest':
      return `the group launches \`$Latest\`, so it uses the new version as soon as it exists`;
    case 'default':
      return `made the template's default version, which the group launches (\`$Default\`)`;
    case 'pin':
      return `set as the version \`${escape(template.group)}\` launches (it named version ${template.version})`;
  }
}

function planLines(plan: CreditPlan): string[] {
  const instances = plan.instances.length
    ? `• ${plan.instances.length} running instance${plan.instances.length === 1 ? '' : 's'} switched now: ${plan.instances.map((i) => `${code(i.id)} (${escape(i.type ?? '?')}, ${i.mode ?? 'mode unknown'})`).join(', ')}`
    : '• no running instance to switch';
  const already = plan.already.length
    ? [`• already ${MODE_WORD[plan.mode]}: ${plan.already.map((i) => code(i.id)).join(', ')}`]
    : [];
  const templates = plan.templates.map(
    (t) =>
      `• launch template ${code(t.templateName)}: a new version from version ${t.version} with CPU credits ${MODE_WORD[plan.mode]}, ${useWords(t)}; new instances, and the group a blue/green deployment copies, keep it`,
  );
  return [instances, ...already, ...templates];
}

/** The approval request's preview (and the start of the thread reply elsewhere): what changes, and the cost rule. */
export function creditPlanPreview(plan: CreditPlan, ref: FleetRef): Preview {
  const summary = `switch ${ref.app} in ${ref.env} to ${MODE_WORD[plan.mode]} CPU credits (${plan.instances.length} instance${plan.instances.length === 1 ? '' : 's'}, ${plan.templates.length} launch template version${plan.templates.length === 1 ? '' : 's'})`;
  return {
    summary,
    blocks: [
      section(
        clip(
          `*Switch ${escape(ref.app)} → ${escape(ref.env)} to ${MODE_WORD[plan.mode]} CPU credits*\n${planLines(plan).join('\n')}`,
          LIMITS.sectionText,
        ),
      ),
      section(`*Cost:* ${costRule(plan.mode)}`),
    ],
  };
}

export interface CreditSwitchOutcome {
  ref: FleetRef;
  plan: CreditPlan;
  by: string;
  approvedBy?: string;
  instances: InstanceSwitch;
  /** Template name → the version created and how the group uses it. */
  versions: { template: string; version: number; use: string }[];
}

/** What changed, instance by instance, with the way back. */
export function creditSwitchResult(outcome: CreditSwitchOutcome): SlackMessage {
  const { ref, plan, instances } = outcome;
  const failed = instances.failed.length;
  const icon = failed ? '⚠️' : '✅';
  const approved = outcome.approvedBy ? `, approved by ${actor(outcome.approvedBy)}` : '';
  const lines = [
    `${icon} ${actor(outcome.by)} switched ${escape(ref.app)} → ${escape(ref.env)} to *${MODE_WORD[plan.mode]}* CPU credits${approved}.`,
    ...instances.switched.map((id) => `• ${code(id)}: ${MODE_WORD[plan.mode]} now`),
    ...instances.failed.map(
      (f) =>
        `• ${code(f.id)}: *not switched*: ${escape(f.code)}${f.message ? ` (${escape(clip(f.message, 200))})` : ''}`,
    ),
    ...outcome.versions.map((v) => `• launch template ${code(v.template)}: version ${v.version}, ${escape(v.use)}`),
  ];
  const partial = failed
    ? [
        section(
          `*${failed} instance${failed === 1 ? '' : 's'} kept ${plan.mode === 'unlimited' ? 'standard' : 'unlimited'} credits:* ${instances.failed.map((f) => code(f.id)).join(', ')}. New instances launch ${MODE_WORD[plan.mode]}; press the button again to retry them.`,
        ),
      ]
    : [];
  const back: CreditMode = plan.mode === 'unlimited' ? 'standard' : 'unlimited';
  const blocks: KnownBlock[] = [
    section(clip(lines.join('\n'), LIMITS.sectionText)),
    ...partial,
    context(costRule(plan.mode)),
    actions(`credit-switch-${ref.env}-${ref.app}`.slice(0, 255), [
      modeButton(ref, back),
      ...(failed ? [modeButton(ref, plan.mode)] : []),
    ] satisfies ButtonSpec[]),
  ];
  return {
    text: `${ref.app} ${ref.env}: ${failed ? `switched to ${plan.mode} credits, ${failed} instance(s) not` : `switched to ${plan.mode} CPU credits`}`,
    blocks,
  };
}
