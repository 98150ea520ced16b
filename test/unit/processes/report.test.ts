import { readFileSync } from 'node:fs';
import {
  agentOf,
  agentShare,
  parseProcessReport,
  PROCESS_COMMAND,
  shareSentence,
  SSM_OUTPUT_CAP,
} from '../../../commands/processes/report';

const agentsEatingTheBaseline = readFileSync('test/fixtures/ssm/ps-t3-micro-agents.txt', 'utf8');

describe('the process listing', () => {
  it('is one fixed, read-only line: two ps listings, bounded, and nothing else', () => {
    // Assess
    expect(PROCESS_COMMAND).toBe(
      "ps -ww -eo pid,pcpu,pmem,args --sort=-pcpu | head -n 13 | cut -c 1-240; echo '--- by memory ---'; " +
        'ps -ww -eo pid,pcpu,pmem,args --sort=-pmem | head -n 13 | cut -c 1-240',
    );
  });
});

describe('parseProcessReport', () => {
  it('reads the busiest processes by CPU and by memory, the agents named, its own processes left out', () => {
    // Act
    const report = parseProcessReport(agentsEatingTheBaseline);
    // Assess
    expect(report.cut).toBe(false);
    expect(report.byCpu.slice(0, 5).map((row) => [row.pid, row.cpu, row.name, row.agent])).toEqual([
      [2318, 4.6, 'amazon-ssm-agent', 'SSM agent'],
      [3005, 4.4, 'codedeploy-agent', 'CodeDeploy agent'],
      [2650, 2.3, 'amazon-cloudwatch-agent', 'CloudWatch agent'],
      [2391, 2.3, 'ssm-agent-worker', 'SSM agent'],
      [4120, 1.2, 'node', undefined],
    ]);
    expect(report.byCpu.map((row) => row.commandLine)).not.toContainEqual(expect.stringMatching(/^ps -ww/));
    expect(report.byCpu.find((row) => row.pid === 14)?.name).toBe('[ksoftirqd/0]');
    expect(report.byMemory[0]).toMatchObject({ pid: 4120, memory: 18.5, name: 'node' });
    expect(report.byMemory.map((row) => row.pid)).not.toContain(9944);
  });

  it('says the output was cut when it reached SSM’s 24,000 characters, and drops the line cut in half', () => {
    // Prepare: a listing whose command lines are huge (no cut on the instance), ended mid-line by the cap
    const line = `   4120  1.2 18.5 java ${'-Dsome.property=value '.repeat(40)}\n`;
    const output = `    PID %CPU %MEM COMMAND\n${line.repeat(40)}`.slice(0, SSM_OUTPUT_CAP);
    // Act
    const report = parseProcessReport(output);
    // Assess
    expect(report.cut).toBe(true);
    expect(report.byCpu.length).toBeGreaterThan(0);
    expect(report.byMemory).toEqual([]);
  });

  it('reads nothing from output that is not a listing', () => {
    // Act
    const report = parseProcessReport('sh: ps: command not found\n');
    // Assess
    expect(report).toEqual({ byCpu: [], byMemory: [], cut: false });
  });
});

describe('agentOf', () => {
  it.each([
    ['/usr/bin/amazon-ssm-agent', 'SSM agent'],
    ['/snap/amazon-ssm-agent/current/amazon-ssm-agent', 'SSM agent'],
    ['/usr/bin/ssm-session-worker alice-0123 i-0ddd', 'SSM agent'],
    ['codedeploy-agent: master 2998', 'CodeDeploy agent'],
    ['/opt/aws/amazon-cloudwatch-agent/bin/start-amazon-cloudwatch-agent', 'CloudWatch agent'],
    ['node /srv/web/current/server.js', undefined],
    ['/usr/sbin/sshd -D', undefined],
  ])('%s → %s', (commandLine, agent) => {
    // Assess
    expect(agentOf(commandLine)).toBe(agent);
  });
});

describe('agentShare', () => {
  it('counts the agents against the baseline of all the type’s vCPUs: 13.6 % of one CPU on a t3.micro is 6.8 %', () => {
    // Act
    const share = agentShare(parseProcessReport(agentsEatingTheBaseline), 't3.micro');
    // Assess
    expect(share).toEqual({
      percent: 6.8,
      baselinePercent: 10,
      agents: ['SSM agent', 'CodeDeploy agent', 'CloudWatch agent'],
    });
    expect(share && shareSentence(share)).toBe(
      'agents use 6.8 % of the CPU on a 10 % baseline, 68 % of what the instance earns (SSM agent, CodeDeploy agent, CloudWatch agent)',
    );
  });

  it('has nothing to say for a type without burstable facts', () => {
    // Assess
    expect(agentShare(parseProcessReport(agentsEatingTheBaseline), 'm5.large')).toBeUndefined();
  });
});
