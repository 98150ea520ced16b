import type { KnownBlock } from '@slack/types';
import { actor, context, escape, section, type SlackMessage } from './kit';

/** A freeze being broken, as a preview or an approval shows it: why it is frozen, until when, and the reason given. */
export interface BreakGlass {
  reason: string;
  until: string;
  override: string;
}

export function breakGlassBlocks(freeze: BreakGlass): KnownBlock[] {
  return [
    section(
      `:ice_cube: *Break-glass: deploys are frozen* — ${escape(freeze.reason)}, until ${escape(freeze.until)}.\n*Reason to deploy anyway:* ${escape(freeze.override)}`,
    ),
  ];
}

/** A freeze in force while a rollback is previewed: it goes through, and is announced. */
export function rollbackInFreezeBlock(reason: string, until: string): KnownBlock {
  return context(
    `:ice_cube: Deploys are frozen (${escape(reason)}, until ${escape(until)}). A rollback still goes through; the channel and the audit channel are told it went through the freeze.`,
  );
}

export interface ThroughFreeze {
  kind: 'deploy' | 'rollback';
  app: string;
  env: string;
  /** The revision deployed, or what the rollback went back to. */
  label: string;
  reason: string;
  until: string;
  override?: string;
  by: string;
  approvedBy: string | undefined;
}

/** Said in the environment's channel when a deploy broke a freeze, or a rollback happened in one. */
export function throughFreezeMessage(freeze: ThroughFreeze): SlackMessage {
  const where = `\`${escape(freeze.app)} ${escape(freeze.env)}\``;
  const frozen = `${escape(freeze.reason)}, until ${escape(freeze.until)}`;
  const text =
    freeze.kind === 'deploy'
      ? `:ice_cube: Break-glass: ${actor(freeze.by)} deployed \`${escape(freeze.label)}\` to ${where} through the freeze (${frozen})${freeze.approvedBy ? `, approved by ${actor(freeze.approvedBy)}` : ''}. Reason: ${escape(freeze.override ?? 'none given')}.`
      : `:ice_cube: ${actor(freeze.by)} rolled back ${where} to \`${escape(freeze.label)}\` during the freeze (${frozen}). Rollbacks always go through.`;
  return { text, blocks: [section(text)] };
}

/** The sweeper, when a freeze starts: deploys are refused until it ends. */
export function freezeStartedMessage(env: string, reason: string, until: string): SlackMessage {
  const text = `:ice_cube: Deploy freeze on \`${escape(env)}\`: ${escape(reason)}. Deploys are refused until ${escape(until)}.`;
  return {
    text,
    blocks: [
      section(text),
      context(
        '`/rollback` still goes through. To deploy anyway, add `override <reason>` to `/deploy`: an approver has to let it through.',
      ),
    ],
  };
}

/** The sweeper, when a freeze is over. */
export function freezeEndedMessage(env: string, reason: string): SlackMessage {
  const text = `:sunny: The deploy freeze on \`${escape(env)}\` is over (${escape(reason)}): deploys are allowed again.`;
  return { text, blocks: [section(text)] };
}
