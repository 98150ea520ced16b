import { burstableProfile } from '../burstable';

/**
 * "What is using the CPU": the one command blueshift ever runs on an instance (through SSM Run Command's
 * `AWS-RunShellScript`), and the reading of its output. The command is a constant: nothing a person types, nor any
 * value a button carries, is ever part of it.
 *
 * procps-ng `ps` (Amazon Linux and Ubuntu): `pcpu` is CPU time over the process's lifetime as a percentage of one
 * CPU, `pmem` the share of physical memory, `args` the whole command line, last so spaces in it do not shift the
 * columns; `-ww` keeps it whole and `cut` bounds each line, so the output stays far below SSM's 24,000 characters.
 */
export const PROCESS_LINES = 12;
const LINE_CHARS = 240;
const listing = (sort: string) =>
  `ps -ww -eo pid,pcpu,pmem,args --sort=-${sort} | head -n ${PROCESS_LINES + 1} | cut -c 1-${LINE_CHARS}`;
export const MEMORY_MARKER = '--- by memory ---';
export const PROCESS_COMMAND = `${listing('pcpu')}; echo '${MEMORY_MARKER}'; ${listing('pmem')}`;

/** `StandardOutputContent` holds "the first 24,000 characters written by the plugin to stdout" (the API reference). */
export const SSM_OUTPUT_CAP = 24_000;

export interface ProcessRow {
  pid: number;
  cpu: number;
  memory: number;
  /** The program: the command line's first word without its path, or a kernel thread's `[name]`. */
  name: string;
  commandLine: string;
  /** The agent this process is, in words (`SSM agent`), when it is one blueshift knows. */
  agent?: string;
}

export interface ProcessReport {
  byCpu: ProcessRow[];
  byMemory: ProcessRow[];
  /** The output reached SSM's cap, so the lists may miss their last lines. */
  cut: boolean;
}

// The agents on the instances of the incident this is for. SSM: the agent and its workers; CodeDeploy: Ruby
// processes titled `codedeploy-agent: master <pid>` and `codedeploy-agent: InstanceAgent::…`; CloudWatch: its
// binary under /opt/aws/amazon-cloudwatch-agent. Matched on the command line, which ps does not cut.
const AGENTS: { agent: string; matches: RegExp }[] = [
  {
    agent: 'SSM agent',
    matches: /(^|\/)(amazon-ssm-agent|ssm-agent-worker|ssm-document-worker|ssm-session-\w+)(\s|$)/,
  },
  { agent: 'CodeDeploy agent', matches: /(^|\/)codedeploy-agent[:\s]|^codedeploy-agent$/ },
  { agent: 'CloudWatch agent', matches: /(^|\/)(start-)?amazon-cloudwatch-agent(\s|$)/ },
  { agent: 'CloudWatch Logs agent', matches: /awslogs(\s|$|\.)|(^|\/)awslogsd?(\s|$)/ },
  { agent: 'Inspector agent', matches: /(^|\/)(awsagent|inspector-agent|inspectorssmplugin)(\s|$)/ },
  { agent: 'X-Ray daemon', matches: /(^|\/)xray(\s|$)/ },
];

export function agentOf(commandLine: string): string | undefined {
  return AGENTS.find(({ matches }) => matches.test(commandLine))?.agent;
}

function nameOf(commandLine: string): string {
  if (/^\[.*\]$/.test(commandLine)) return commandLine;
  const first = commandLine.split(/\s+/, 1)[0] ?? '';
  const base = first.replace(/:$/, '').split('/').pop();
  return base === undefined || base === '' ? first : base;
}

const ROW = /^\s*(\d+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\S.*?)\s*$/;

function rowOf(line: string): ProcessRow | undefined {
  const match = ROW.exec(line);
  if (!match) return undefined; // the header, a line cut by the cap, or noise
  const [, pid = '', cpu = '', memory = '', commandLine = ''] = match;
  const agent = agentOf(commandLine);
  return {
    pid: Number(pid),
    cpu: Number(cpu),
    memory: Number(memory),
    name: nameOf(commandLine),
    commandLine,
    ...(agent ? { agent } : {}),
  };
}

// The command's own processes: they appear in their own listing and say nothing about the instance.
const OWN = /^(ps -ww -eo|head -n|cut -c)/;

/** Reads the command's output: the processes by CPU, then (after the marker) by memory. Pure. */
export function parseProcessReport(output: string): ProcessReport {
  const [cpuPart = '', memoryPart = ''] = output.split(MEMORY_MARKER);
  const rows = (part: string) =>
    part
      .split('\n')
      .flatMap((line) => rowOf(line) ?? [])
      .filter((row) => !OWN.test(row.commandLine))
      .slice(0, PROCESS_LINES);
  return { byCpu: rows(cpuPart), byMemory: rows(memoryPart), cut: output.length >= SSM_OUTPUT_CAP };
}

export interface AgentShare {
  /** The agents' CPU as CloudWatch counts it: a share of all the instance's vCPUs. */
  percent: number;
  baselinePercent: number;
  agents: string[];
}

/**
 * What the agents cost against the baseline: `ps` gives each process's share of one CPU, CloudWatch's
 * CPUUtilization (and the baseline) a share of all vCPUs, so their sum is divided by the type's vCPUs. Undefined
 * for a type without burstable facts.
 */
export function agentShare(report: ProcessReport, instanceType: string | undefined): AgentShare | undefined {
  const profile = burstableProfile(instanceType);
  if (!profile) return undefined;
  const agents = report.byCpu.filter((row) => row.agent !== undefined);
  const total = agents.reduce((sum, row) => sum + row.cpu, 0);
  return {
    percent: Math.round((total / profile.vcpus) * 10) / 10,
    baselinePercent: profile.baselinePercent,
    agents: [...new Set(agents.flatMap((row) => row.agent ?? []))],
  };
}

/** "agents use 6.8 % of the CPU on a 10 % baseline (SSM agent, CodeDeploy agent)". */
export function shareSentence(share: AgentShare): string {
  if (!share.agents.length) return `no known agent among the busiest processes (baseline ${share.baselinePercent} %)`;
  const eaten = share.percent / share.baselinePercent;
  const weight = eaten >= 0.5 ? `, ${Math.round(eaten * 100)} % of what the instance earns` : '';
  return `agents use ${share.percent} % of the CPU on a ${share.baselinePercent} % baseline${weight} (${share.agents.join(', ')})`;
}
