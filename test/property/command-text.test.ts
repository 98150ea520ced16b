import fc from 'fast-check';
import { authorise, type Directory } from '../../commands/access';
import { parseCommand } from '../../commands/grammar';
import { specsFor } from '../../commands/registry';
import { SLASH_COMMANDS } from '../../commands/spec';
import { COMMAND_TEXT_MAX } from '../../lib/config/limits';
import {
  failureMessage,
  helpMessage,
  refusalMessage,
  usageErrorMessage,
  workingMessage,
} from '../../lib/slack/blocks/usage';
import { buildConfig } from '../fakes/blueshift-config';
import { runs } from './support/budget';
import { checkProperty } from './support/fc-run';
import { commandText } from './support/hostile';
import { liveInputMarkup, messageLimitProblems } from './support/inspect';

/**
 * Whatever someone types after a slash command, parsed as the slack function parses it (the pure half of its
 * ack: the Bolt path is in slack-commands.test.ts). Most of the run's cases are here, because this is cheap.
 */
const config = buildConfig();
const directory: Directory = {
  membersOf: (group) => Promise.resolve(group === 'S0DEVELOPERS' ? ['U0CAROL'] : ['U0BOB']),
};
const slashCommand = fc.constantFrom(...SLASH_COMMANDS);
const typedAs = (name: string, text: string) => `/${name}${text.trim() ? ` ${text.trim()}` : ''}`;

describe('slash command text, any Unicode, markup and size', () => {
  it('parses without throwing; a request names only configured apps and environments, and is at most COMMAND_TEXT_MAX long', async () => {
    await checkProperty(
      fc.property(slashCommand, commandText(), (name, text) => {
        const parsed = parseCommand(name, text, specsFor(name), config);
        if (text.length > COMMAND_TEXT_MAX) expect(parsed.kind).toBe('usage-error');
        if (parsed.kind !== 'request') return;
        // Each spec declares its own arguments; read them as the plain record every parse result also is.
        const args: Record<string, string | undefined> = parsed.args;
        if (args.app !== undefined) expect(Object.keys(config.apps)).toContain(args.app);
        if (args.env !== undefined) expect(Object.keys(config.environments)).toContain(args.env);
      }),
      runs('commandParse'),
    );
  });

  it("is answered (usage, help, refusal, working, failure) within Slack's limits, with no live markup from it", async () => {
    await checkProperty(
      fc.asyncProperty(
        slashCommand,
        commandText(),
        fc.constantFrom('U0ALICE', 'U0MALLORY'),
        fc.constantFrom('C0PRODOPS01', 'C0RANDOM001'),
        async (name, text, user, channel) => {
          const specs = specsFor(name);
          const parsed = parseCommand(name, text, specs, config);
          const typed = typedAs(name, text);
          const answers = [
            workingMessage(typed),
            failureMessage(typed, 'blueshift could not accept it (nothing was changed)', 'Try again in a minute.'),
          ];
          if (parsed.kind === 'help') answers.push(helpMessage(name, specs));
          if (parsed.kind === 'usage-error') answers.push(usageErrorMessage(name, text, parsed.spec, parsed.problem));
          if (parsed.kind === 'request') {
            const decision = await authorise(parsed.spec, parsed.args, { id: user, channel }, config, directory);
            if (!decision.allowed) answers.push(refusalMessage(typed, decision.reason));
          }
          const problems = answers.flatMap((message, index) => [
            ...messageLimitProblems(message as unknown as Record<string, unknown>, `answer ${index}`),
            ...liveInputMarkup(message, `answer ${index}`),
          ]);
          expect(problems).toEqual([]);
        },
      ),
      runs('commandAnswers'),
    );
  });
});
