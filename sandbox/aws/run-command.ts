import type {
  GetCommandInvocationCommandInput,
  GetCommandInvocationCommandOutput,
  SendCommandCommandInput,
} from '@aws-sdk/client-ssm';
import { SSMServiceException } from '@aws-sdk/client-ssm';
import { profileOf } from './credits';
import type { Fleet, SimInstance } from './fleet';
import { awsError, uuid } from './sdk-stub';

/**
 * SSM Run Command on the simulated fleet: SendCommand takes `AWS-RunShellScript` for instances whose agent is
 * online; each invocation is InProgress for a few seconds, then Success with what `ps` shows on it. The incident's
 * instances: the SSM, CodeDeploy and CloudWatch agents take 13.6 % of one CPU (6.8 % of a t3.micro's two vCPUs,
 * most of its 10 % baseline), and the app the rest of what the instance gets. Another document is refused as SSM
 * refuses an unknown one.
 */
interface SimCommand {
  id: string;
  at: number;
  instanceIds: string[];
  document: string;
}

function listing(instance: SimInstance, sort: 'pcpu' | 'pmem'): string {
  const profile = profileOf(instance.type);
  const cpu = instance.periods.at(-1)?.cpu ?? 5;
  // ps counts one CPU; CloudWatch all vCPUs. What the instance runs beyond the agents is the app.
  const app = Math.max(0.3, cpu * profile.vcpus - 13.6);
  const rows: [number, number, number, string][] = [
    [2318, 4.6, 2.9, '/usr/bin/amazon-ssm-agent'],
    [3005, 4.4, 9.8, 'codedeploy-agent: InstanceAgent::Plugins::CodeDeployPlugin::CommandPoller of master 2998'],
    [
      2650,
      2.3,
      4.2,
      '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent -config /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.toml',
    ],
    [2391, 2.3, 3.4, '/usr/bin/ssm-agent-worker'],
    [4120, Number(app.toFixed(1)), 18.5, 'node /srv/web/current/server.js --port 8080'],
    [1, 0.1, 0.6, '/usr/lib/systemd/systemd --switched-root --system --deserialize 21'],
    [2998, 0.0, 5.1, 'codedeploy-agent: master 2998'],
    [1788, 0.0, 0.9, '/usr/lib/systemd/systemd-journald'],
    [14, 0.0, 0.0, '[ksoftirqd/0]'],
  ];
  rows.sort((a, b) => (sort === 'pcpu' ? b[1] - a[1] : b[2] - a[2]));
  const line = ([pid, pcpu, pmem, args]: [number, number, number, string]) =>
    `${String(pid).padStart(7)} ${pcpu.toFixed(1).padStart(4)} ${pmem.toFixed(1).padStart(4)} ${args}`.slice(0, 240);
  return ['    PID %CPU %MEM COMMAND', ...rows.map(line)].join('\n');
}

export class RunCommands {
  private readonly commands = new Map<string, SimCommand>();

  constructor(
    private readonly fleet: Fleet,
    /** How long an invocation stays InProgress (a real one takes seconds). */
    private readonly answerAfterMs = 3_000,
    private readonly now: () => number = Date.now,
  ) {}

  send(input: SendCommandCommandInput) {
    if (input.DocumentName !== 'AWS-RunShellScript')
      throw awsError(
        'InvalidDocument',
        `Document ${input.DocumentName ?? ''} does not exist in the sandbox`,
        SSMServiceException,
      );
    const instanceIds = input.InstanceIds ?? [];
    const offline = instanceIds.filter((id) => this.fleet.instances.get(id)?.agent !== 'Online');
    if (offline.length)
      throw awsError(
        'InvalidInstanceId',
        `Instances not in a valid state for account: ${offline.join(', ')}`,
        SSMServiceException,
      );
    const command: SimCommand = { id: uuid(), at: this.now(), instanceIds, document: input.DocumentName };
    this.commands.set(command.id, command);
    return {
      Command: {
        CommandId: command.id,
        DocumentName: command.document,
        Status: 'Pending',
        TargetCount: instanceIds.length,
      },
    };
  }

  invocation(input: GetCommandInvocationCommandInput): GetCommandInvocationCommandOutput {
    const command = this.commands.get(input.CommandId ?? '');
    const instance = this.fleet.instances.get(input.InstanceId ?? '');
    if (!command || !instance || !command.instanceIds.includes(instance.id))
      throw awsError(
        'InvocationDoesNotExist',
        'The command id and instance id are not a valid invocation',
        SSMServiceException,
      );
    const done = this.now() - command.at >= this.answerAfterMs;
    return {
      $metadata: {},
      CommandId: command.id,
      InstanceId: instance.id,
      DocumentName: command.document,
      PluginName: 'aws:runShellScript',
      ResponseCode: done ? 0 : -1,
      Status: done ? 'Success' : 'InProgress',
      StatusDetails: done ? 'Success' : 'In Progress',
      StandardOutputContent: done
        ? `${listing(instance, 'pcpu')}\n--- by memory ---\n${listing(instance, 'pmem')}\n`
        : '',
      StandardErrorContent: '',
    };
  }
}
