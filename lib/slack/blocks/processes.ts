import type { KnownBlock } from '@slack/types';
import type { AskedInstance, Invocation, ProcessQuestion } from '../../../commands/processes/ports';
import {
  agentShare,
  parseProcessReport,
  shareSentence,
  SSM_OUTPUT_CAP,
  type ProcessRow,
} from '../../../commands/processes/report';
import { actor, clip, context, escape, LIMITS, section, type SlackMessage } from './kit';

/** "What is using the CPU" in the alarm's thread: asked, then the table per instance, edited in place. */

const PS_NOTE =
  "ps's %CPU is each process's average since it started, as a share of one CPU; CloudWatch and the baseline count all vCPUs.";

function instanceName(instance: AskedInstance): string {
  return `\`${escape(instance.id)}\`${instance.type ? ` (${escape(instance.type)})` : ''}`;
}

function unreachableLine(question: ProcessQuestion): string[] {
  if (!question.unreachable.length) return [];
  const named = question.unreachable.map((i) => `${instanceName(i)}: SSM agent ${escape(i.ping)}`).join(', ');
  return [`Not asked (no online SSM agent, so Run Command cannot reach them): ${named}.`];
}

function leftOutLine(question: ProcessQuestion): string[] {
  return question.leftOut
    ? [
        `${question.leftOut} more running instance${question.leftOut === 1 ? '' : 's'} not asked (processes.maxInstances).`,
      ]
    : [];
}

function intro(question: ProcessQuestion): string {
  const groups = [...new Set([...question.asked, ...question.unreachable].map((i) => i.group))];
  return `🔎 ${actor(question.askedBy)} asked what is using the CPU on ${groups.map((g) => `\`${escape(g)}\``).join(', ')} (${escape(question.app)} → ${escape(question.env)})`;
}

export function processQuestionAsked(question: ProcessQuestion): SlackMessage {
  const waiting = question.asked.length
    ? `Waiting for ${question.asked.map(instanceName).join(', ')} to answer through SSM Run Command…`
    : 'No instance could be asked.';
  const lines = [intro(question), waiting, ...unreachableLine(question), ...leftOutLine(question)];
  return { text: 'What is using the CPU: asking the instances', blocks: [section(lines.join('\n'))] };
}

const PAD = (text: string, width: number) => text.padEnd(width).slice(0, width);

function tableOf(rows: ProcessRow[]): string {
  const lines = rows.map((row) => {
    const label = row.agent ? `${row.name} ← ${row.agent}` : row.name;
    return `${PAD(String(row.pid), 7)} ${PAD(row.cpu.toFixed(1), 5)} ${PAD(row.memory.toFixed(1), 5)} ${label}`;
  });
  return ['PID     %CPU  %MEM  PROCESS', ...lines].join('\n');
}

function answerBlocks(instance: AskedInstance, invocation: Invocation | undefined): KnownBlock[] {
  const name = instanceName(instance);
  if (!invocation || invocation.state === 'pending') return [section(`${name}: did not answer in time.`)];
  if (invocation.state === 'failed')
    return [section(`${name}: Run Command says *${escape(invocation.detail ?? 'failed')}*.`)];
  const report = parseProcessReport(invocation.output);
  const share = agentShare(report, instance.type);
  const sense = share ? `\n${shareSentence(share)}` : '';
  const cut = report.cut
    ? `\n⚠️ the output reached SSM's ${SSM_OUTPUT_CAP.toLocaleString('en-US')}-character cap and was cut: the lists may be incomplete.`
    : '';
  const memory = report.byMemory.slice(0, 5);
  const table = (title: string, rows: ProcessRow[]) =>
    rows.length ? `*${title}*\n\`\`\`${escape(tableOf(rows))}\`\`\`` : `*${title}*: nothing listed`;
  return [
    section(clip(`${name}${sense}${cut}`, LIMITS.sectionText)),
    section(clip(table('By CPU', report.byCpu), LIMITS.sectionText)),
    section(clip(table('By memory', memory), LIMITS.sectionText)),
  ];
}

/** The answer: each asked instance's busiest processes, the agents named, and what they cost against the baseline. */
export function processQuestionAnswered(
  question: ProcessQuestion,
  invocations: ReadonlyMap<string, Invocation>,
): SlackMessage {
  const notes = [...unreachableLine(question), ...leftOutLine(question)];
  const blocks: KnownBlock[] = [
    section(intro(question)),
    ...question.asked.flatMap((instance) => answerBlocks(instance, invocations.get(instance.id))),
    ...(notes.length ? [section(notes.join('\n'))] : []),
    context(PS_NOTE, 'Read-only: blueshift ran its one fixed `ps` listing (AWS-RunShellScript) and changed nothing.'),
  ];
  return { text: 'What is using the CPU: the answer', blocks: blocks.slice(0, LIMITS.blocks) };
}

/**
 * blueshift stopped following the question for good (Run Command could not be read after every retry): the reply
 * says so in place of "Waiting for…", with what failed and what to do.
 */
export function processQuestionFailed(question: ProcessQuestion, reason: string, next: string): SlackMessage {
  const command = question.commandId ? ` (command \`${escape(question.commandId)}\`)` : '';
  const notes = [...unreachableLine(question), ...leftOutLine(question)];
  return {
    text: `What is using the CPU: no answer (${reason})`,
    blocks: [
      section(intro(question)),
      section(
        clip(
          `:x: blueshift could not read the instances' answers${command}: ${escape(reason)}\nAsk again with *What is using the CPU* on the alarm message, or read the command's output in the Systems Manager console (Run Command).`,
          LIMITS.sectionText,
        ),
      ),
      ...(notes.length ? [section(notes.join('\n'))] : []),
      context(escape(next)),
    ],
  };
}
