import type { KnownBlock } from '@slack/types';
import type { AlarmMoveOutcome, SilentAlarmRecord } from '../../../commands/fleet/ports';
import { actions } from './buttons';
import { actor, context, escape, header, section, type SlackMessage } from './kit';

export const MOVE_ALARMS_ACTION = 'fleet.move-alarms';
/** Names listed in full, within a share of a section's 3,000 characters; the rest are counted. */
const LISTED = 15;
const LIST_BUDGET = 2_500;

/** What a Move click acts on: the environment and the gone group, which together name one finding. */
export const findingRef = (env: string, group: string): string => `${env}/${group}`;

export function parseFindingRef(value: string): { env: string; group: string } | undefined {
  const slash = value.indexOf('/');
  return slash > 0 && slash < value.length - 1
    ? { env: value.slice(0, slash), group: value.slice(slash + 1) }
    : undefined;
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const code = (name: string): string => `\`${escape(name)}\``;

function listed(names: string[]): string {
  const shown: string[] = [];
  let size = 0;
  for (const name of names.slice(0, LISTED)) {
    const line = `• ${code(name)}`;
    if (size + line.length + 1 > LIST_BUDGET) break;
    shown.push(line);
    size += line.length + 1;
  }
  const rest = names.length - shown.length;
  return rest > 0 ? [...shown, `… and ${rest} more`].join('\n') : shown.join('\n');
}

/** "3 alarms still watch `edu-web-prod-asg`, which deployment `d-…` replaced — they cannot fire". */
export function silentAlarmsSummary(finding: SilentAlarmRecord): string {
  const replaced = finding.replacedBy
    ? `, which deployment ${code(finding.replacedBy)} replaced`
    : ', which no longer exists';
  const watch = finding.alarms.length === 1 ? 'alarm still watches' : 'alarms still watch';
  const stop = finding.stopOnAlarm.length
    ? `; CodeDeploy's stop-on-alarm list includes ${finding.stopOnAlarm.length === 1 ? 'one of them' : `${finding.stopOnAlarm.length} of them`}`
    : '';
  return `${finding.alarms.length} ${watch} ${code(finding.group)}${replaced} — ${finding.alarms.length === 1 ? 'it cannot' : 'they cannot'} fire${stop}`;
}

export type SilentAlarmsState =
  { kind: 'found' } | { kind: 'moving'; by: string } | { kind: 'moved'; by: string; automatic: boolean };

/** The finding in the environment's channel: what is silent, why, and the one button that fixes it. */
export function silentAlarmsMessage(finding: SilentAlarmRecord, state: SilentAlarmsState): SlackMessage {
  const title = `${state.kind === 'moved' ? ':white_check_mark:' : ':mute:'} ${finding.app} → ${finding.env}: ${plural(finding.alarms.length, 'alarm')} can no longer fire`;
  const blocks: KnownBlock[] = [
    header(title),
    section(`${silentAlarmsSummary(finding)}.`),
    section(listed(finding.alarms)),
  ];
  if (finding.stopOnAlarm.length) {
    blocks.push(
      context(
        `CodeDeploy stops a bad deployment only on alarms that can fire: ${finding.stopOnAlarm.map(code).join(', ')}.`,
      ),
    );
  }
  const live = finding.liveGroup;
  if (state.kind === 'moved') {
    const who = state.automatic
      ? 'blueshift moved them automatically (this environment moves alarms after every deployment)'
      : `${actor(state.by)} moved them`;
    blocks.push(context(`${who} to ${live ? code(live) : 'the live group'}; each alarm's result is in the thread.`));
  } else if (state.kind === 'moving') {
    blocks.push(context(`${actor(state.by)} is moving them to ${live ? code(live) : 'the live group'}…`));
  } else if (live) {
    blocks.push(
      context(
        `The group serving now is ${code(live)}. Moving rewrites each alarm with every setting kept and only the group changed; if infrastructure code manages these alarms, change it too, or its next apply puts them back.`,
      ),
      actions('silent-alarms', [
        {
          action: MOVE_ALARMS_ACTION,
          text: 'Move them to the live group',
          value: findingRef(finding.env, finding.group),
          style: 'primary',
          confirm: {
            title: 'Move the alarms?',
            text: `${plural(finding.alarms.length, 'alarm')} will watch ${code(live)} instead of ${code(finding.group)}. Everything else about them stays as it is.`,
            confirm: 'Move them',
          },
        },
      ]),
    );
  } else {
    blocks.push(
      context(
        'CodeDeploy does not point at exactly one group now, so blueshift cannot tell which to move them to: update their dimensions by hand or in your infrastructure code.',
      ),
    );
  }
  return { text: `${finding.app} ${finding.env}: ${silentAlarmsSummary(finding)}`, blocks };
}

const RESULT_TEXT: Record<AlarmMoveOutcome['result'], string> = {
  moved: ':white_check_mark: moved',
  'already-moved': ':white_check_mark: already watched the live group',
  gone: ':grey_question: deleted in the meantime; nothing to move',
  failed: ':x: not moved',
};

/** The thread reply after a move: each alarm and what happened to it. */
export function alarmMoveResultsMessage(to: string, outcomes: AlarmMoveOutcome[]): SlackMessage {
  const failed = outcomes.filter((outcome) => outcome.result === 'failed').length;
  const lines = outcomes.map(
    (outcome) =>
      `${code(outcome.alarm)}: ${RESULT_TEXT[outcome.result]}${outcome.reason ? ` — ${escape(outcome.reason)}` : ''}`,
  );
  const summary = failed
    ? `${plural(failed, 'alarm')} could not be moved to ${code(to)}; the others were.`
    : `Every alarm now watches ${code(to)}.`;
  return { text: summary, blocks: [section(summary), section(lines.join('\n'))] };
}
