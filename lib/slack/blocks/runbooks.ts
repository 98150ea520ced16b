import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { RunbookRun, RunProgress } from '../../../commands/runbooks/ports';
import { actions, type ButtonSpec } from './buttons';
import { actor, clip, context, escape, LIMITS, section, type SlackMessage } from './kit';
import type { Preview } from './request';

/** Configured runbooks on alarm messages: their buttons, the preview, and the run edited in place in the thread. */

export const RUNBOOK_ACTION = 'runbook.run';

/** A runbook button's value: the runbook's configured name and the alarm episode's key. */
export function runbookValue(runbook: string, episodeKey: string): string {
  return `${runbook}|${episodeKey}`;
}

export function parseRunbookValue(value: string): { runbook: string; episodeKey: string } | undefined {
  const bar = value.indexOf('|');
  if (bar <= 0) return undefined;
  return { runbook: value.slice(0, bar), episodeKey: value.slice(bar + 1) };
}

/** One button per runbook the alarm offers, in a row of its own. */
export function runbookButtons(
  episodeKey: string,
  runbooks: { name: string; label: string }[],
): ActionsBlock | undefined {
  if (!runbooks.length) return undefined;
  const buttons: ButtonSpec[] = runbooks.map((runbook) => ({
    action: RUNBOOK_ACTION,
    text: runbook.label,
    value: runbookValue(runbook.name, episodeKey),
  }));
  return actions('runbook-actions', buttons);
}

type Planned = Pick<
  RunbookRun,
  'label' | 'kind' | 'document' | 'documentVersion' | 'parameters' | 'instanceId' | 'env' | 'app' | 'alarmName'
>;

function parameterLines(run: Planned): string {
  const entries = Object.entries(run.parameters);
  if (!entries.length) return '_no parameters_';
  return entries.map(([name, values]) => `• \`${escape(name)}\` = \`${escape(values.join(', '))}\``).join('\n');
}

function what(run: Planned): string {
  const version = run.documentVersion ? ` (version ${escape(run.documentVersion)})` : '';
  return run.kind === 'automation'
    ? `SSM Automation runbook \`${escape(run.document)}\`${version}`
    : `Run Command document \`${escape(run.document)}\`${version} on \`${escape(run.instanceId ?? '?')}\``;
}

/** What will run, with which parameters (all from the alarm or the configuration). */
export function runbookPreview(run: Planned): Preview {
  return {
    summary: `run ${run.label} (${run.document}) for alarm ${run.alarmName} on ${run.app} ${run.env}`,
    blocks: [
      section(
        clip(
          `*${escape(run.label)}* for alarm \`${escape(run.alarmName)}\`: ${what(run)}, with\n${parameterLines(run)}`,
          LIMITS.sectionText,
        ),
      ),
      context('The parameters come from the alarm and the configuration; nothing typed in Slack reaches them.'),
    ],
  };
}

const STEP_ICON: Record<string, string> = {
  Success: '✅',
  Failed: '❌',
  TimedOut: '⏱️',
  Cancelled: '⛔',
  InProgress: '⏳',
  Pending: '⏸️',
};

/** The run in the alarm's thread, as it stands: edited in place until it ends. */
export function runbookRunMessage(run: RunbookRun, progress: RunProgress | undefined): SlackMessage {
  const by = `${actor(run.requestedBy)}${run.approvedBy ? `, approved by ${actor(run.approvedBy)}` : ''}`;
  const state = !progress
    ? '⏳ starting'
    : progress.state === 'running'
      ? `⏳ ${escape(progress.status)}`
      : progress.state === 'success'
        ? '✅ succeeded'
        : `❌ ${escape(progress.status)}`;
  const steps = (progress?.steps ?? []).map(
    (step) =>
      `${STEP_ICON[step.status] ?? '•'} \`${escape(step.name)}\` ${escape(step.status)}${step.failure ? `: ${escape(clip(step.failure, 300))}` : ''}`,
  );
  const failedStep =
    progress?.state === 'failed'
      ? progress.steps.find((step) => step.failure !== undefined || step.status === 'Failed')
      : undefined;
  const failure =
    progress?.state === 'failed'
      ? [
          `*Failed${failedStep ? ` at step \`${escape(failedStep.name)}\`` : ''}:* ${escape(clip(failedStep?.failure ?? progress.failure ?? progress.status, 500))}`,
        ]
      : [];
  const blocks: KnownBlock[] = [
    section(
      clip(
        `🛠️ *${escape(run.label)}* (${what(run)}) asked by ${by}: ${state}${run.started ? `\nid \`${escape(run.started)}\`` : ''}`,
        LIMITS.sectionText,
      ),
    ),
    section(clip(`*Parameters*\n${parameterLines(run)}`, LIMITS.sectionText)),
    ...(steps.length || failure.length ? [section(clip([...failure, ...steps].join('\n'), LIMITS.sectionText))] : []),
  ];
  return { text: `${run.label}: ${progress?.state ?? 'starting'}`, blocks };
}

/**
 * blueshift stopped following a run for good (SSM could not be read after every retry): the reply says so instead
 * of its last state, and that the run itself may still be going.
 */
export function runbookRunUnfollowed(run: RunbookRun, reason: string, next: string): SlackMessage {
  const by = `${actor(run.requestedBy)}${run.approvedBy ? `, approved by ${actor(run.approvedBy)}` : ''}`;
  const where = run.started
    ? `It may still be running: follow ${run.kind === 'automation' ? 'automation execution' : 'command'} \`${escape(run.started)}\` in the Systems Manager console.`
    : 'It may not have started: check the Systems Manager console before running it again.';
  return {
    text: `${run.label}: no longer followed (${reason})`,
    blocks: [
      section(
        clip(
          `🛠️ *${escape(run.label)}* (${what(run)}) asked by ${by}: :warning: blueshift stopped following it: ${escape(reason)}\n${where}`,
          LIMITS.sectionText,
        ),
      ),
      section(clip(`*Parameters*\n${parameterLines(run)}`, LIMITS.sectionText)),
      context(escape(next)),
    ],
  };
}
