import { parseCommand, type ParseResult } from '../../../commands/grammar';
import { statusSpec } from '../../../commands/specs/status';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();
const parseStatus = (text: string): ParseResult => parseCommand('status', text, [statusSpec], config);
const usageError = (problem: string): ParseResult => ({
  kind: 'usage-error',
  command: 'status',
  spec: statusSpec,
  problem,
});

describe('parseCommand for /status', () => {
  it.each(['help', 'HELP', '  help  ', 'help web prod'])('answers %p with help', (text) => {
    // Act
    const result = parseStatus(text);
    // Assess
    expect(result).toEqual({ kind: 'help', command: 'status' });
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['', { app: undefined, env: undefined }],
    ['web', { app: 'web', env: undefined }],
    ['web prod', { app: 'web', env: 'prod' }],
    ['  web \t  prod ', { app: 'web', env: 'prod' }],
    ['prod', { app: undefined, env: 'prod' }],
    ['staging', { app: undefined, env: 'staging' }],
  ])('reads %p as a request', (text, args) => {
    // Act
    const result = parseStatus(text);
    // Assess
    expect(result).toEqual({ kind: 'request', spec: statusSpec, args });
  });

  it.each<[string, string]>([
    ['blog', 'unknown app `blog`. Apps: `web`, `api`.'],
    ['qa', 'unknown app `qa`. Apps: `web`, `api`.'],
    ['Web', 'unknown app `Web`. Apps: `web`, `api`.'],
    ['web qa', '`web` has no environment `qa`. Its environments: `prod`, `staging`.'],
    ['api staging', '`api` has no environment `staging`. Its environments: `prod`.'],
    ['web prod now', 'unexpected `now`.'],
    ['web prod right now', 'unexpected `right now`.'],
    ['prod web', 'unexpected `web`.'],
    ['toString', 'unknown app `toString`. Apps: `web`, `api`.'],
    ['web constructor', '`web` has no environment `constructor`. Its environments: `prod`, `staging`.'],
  ])('refuses %p, saying what was wrong', (text, problem) => {
    // Act
    const result = parseStatus(text);
    // Assess
    expect(result).toEqual(usageError(problem));
  });

  it('says the command is unknown when it has no form at all', () => {
    // Act
    const result = parseCommand('rollback', 'web prod', [], config);
    // Assess
    expect(result).toEqual({
      kind: 'usage-error',
      command: 'rollback',
      spec: undefined,
      problem: 'unknown command `/rollback`.',
    });
  });
});
