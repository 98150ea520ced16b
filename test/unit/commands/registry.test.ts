import { parseCommand } from '../../../commands/grammar';
import { allSpecs, specsFor } from '../../../commands/registry';
import { SLASH_COMMANDS, invocation } from '../../../commands/spec';
import { buildConfig } from '../../fakes/blueshift-config';

const config = buildConfig();

describe('the command table', () => {
  it('names each form by its command and subcommand, once', () => {
    // Act
    const ids = allSpecs().map((spec) => spec.id);
    // Assess
    expect(ids).toEqual(allSpecs().map((spec) => invocation(spec).slice(1).replace(' ', '-')));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has at least one form for every slash command, and one main form each', () => {
    // Assess
    for (const command of SLASH_COMMANDS) {
      expect(specsFor(command).filter((spec) => !spec.subcommand)).toHaveLength(1);
    }
  });

  it.each(allSpecs().flatMap((spec) => spec.examples.map((example) => [example, spec] as const)))(
    'parses the example %p into exactly the arguments its spec declares',
    (example, spec) => {
      // Prepare
      const text = example.slice(`/${spec.command}`.length);
      const declared = spec.args.map((arg) => arg.name);
      const implied = spec.args.some((arg) => arg.kind === 'exemption') ? ['env'] : [];
      // Act
      const parsed = parseCommand(spec.command, text, specsFor(spec.command), config);
      // Assess
      expect(parsed).toMatchObject({ kind: 'request', spec });
      if (parsed.kind === 'request') expect(Object.keys(parsed.args).sort()).toEqual([...declared, ...implied].sort());
    },
  );
});
