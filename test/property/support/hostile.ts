import fc from 'fast-check';

/**
 * What a hostile or careless user can type, and what a forged request can carry. Every mention, channel, group
 * and link here names something marked EVIL, which blueshift itself never names, so a live one in anything
 * the bot sends came from input (see inspect.ts).
 */
export const EVIL_MARKUP = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<!channel|@channel>',
  '<!everyone|everyone>',
  '<!subteam^S0EVIL01>',
  '<!subteam^S0EVIL01|@evil-team>',
  '<@U0EVIL01>',
  '<@W0EVIL02|mallory>',
  '<@U0EVIL03|@alice>',
  '<#C0EVIL01>',
  '<#C0EVIL01|evil>',
  '<#G0EVIL02|private>',
  '<https://evil.example/login|https://hooks.slack.com>',
  '<http://evil.example>',
  '<https://evil.example/x?a=1&b=2|click here>',
  '<mailto:evil@evil.example|support>',
  '<!date^1767261600^{date_short}|EVIL date>',
  '<tel:+1-EVIL>',
  '<slack://app?team=T0EVIL&id=A0EVIL>',
  '<<@U0EVIL01>>',
  '<@U0EVIL01',
  '@U0EVIL01>',
  '&lt;!channel&gt;',
  '&amp;lt;@U0EVIL01&amp;gt;',
  '<\u200b!channel>',
] as const;

const MRKDWN = [
  '*bold*',
  '_italic_',
  '~struck~',
  '`code`',
  '```block```',
  '> quoted',
  '\u0060',
  '```',
  '*',
  '_',
  '~',
  ':rotating_light:',
  ':x:',
  '&',
  '&amp;',
  '<',
  '>',
  '|',
];
const WORDS = [
  'help',
  'HELP',
  'lock',
  'unlock',
  'list',
  'revoke',
  'for',
  'from',
  'web',
  'api',
  'prod',
  'staging',
  'latest',
  'v42',
  '1.4.2',
  '30m',
  '2h',
  '1d',
  '0m',
  '99999d',
  '203.0.113.0/24',
  '::/0',
  '10.0.0.0/0',
  '/admin',
  '/',
  '/a b',
  'AWSManagedRulesCommonRuleSet',
  'SizeRestrictions_BODY',
  'prod-3fa9c1',
  'prod-zzzzzz',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
];
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\u200b', '\u2028', '\ufeff'];

/** Code points from the whole range, control characters included, and lone surrogates (invalid UTF-16). */
const anyUnicode = fc.string({ unit: 'binary', maxLength: 80 });
const controls = fc.string({ unit: 'binary-ascii', maxLength: 80 });
const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  maxLength: 8,
});

/** One piece of a message: markup, a command word, mrkdwn, whitespace or arbitrary characters. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EVIL_MARKUP) },
  { weight: 5, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...MRKDWN) },
  { weight: 1, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 2, arbitrary: anyUnicode },
  { weight: 1, arbitrary: controls },
  { weight: 1, arbitrary: loneSurrogates },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

/** Tokens joined by spaces: often a valid command with hostile arguments and reasons. */
export const tokenSoup = (maxTokens = 12): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(token, fc.constantFrom(...SPACES)), { maxLength: maxTokens })
    .map((parts) => parts.map(([word, space]) => word + space).join(''));

/** A piece of text repeated to a length between `min` and `max` characters (up to 100 KB and beyond). */
export const huge = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      tokenSoup(4).filter((text) => text.length > 0),
      fc.integer({ min, max }),
    )
    .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/**
 * What someone types after a slash command: mostly command-shaped token soup (so valid commands with hostile
 * arguments reach the worker), sometimes arbitrary Unicode, control characters, or up to 100 KB.
 */
export const commandText = (options: { maxHuge?: number } = {}): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: tokenSoup() },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'web prod',
            'web staging',
            'api staging',
            'lock web prod',
            'lock web staging',
            'unlock web staging',
            'prod AWSManagedRulesCommonRuleSet /admin for 2h',
            'list',
            'list prod',
            'web prod v42',
            'web',
          ),
          tokenSoup(8),
        )
        .map(([start, rest]) => `${start} ${rest}`),
    },
    { weight: 2, arbitrary: anyUnicode },
    { weight: 1, arbitrary: controls },
    { weight: 1, arbitrary: huge(3_000, options.maxHuge ?? 100_000) },
  );

/** Anything an id-like field (user, channel, team, action id) might carry in a forged request. */
export const forgedId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'U0ALICE',
    'U0BOB',
    'U0MALLORY',
    'U0EVIL01',
    'C0PRODOPS01',
    'C0STAGING01',
    'C0AUDIT0001',
    'C0RANDOM001',
    '',
    ' ',
    'D0DIRECT01',
  ),
  fc.constantFrom(...EVIL_MARKUP),
  anyUnicode,
  huge(256, 5_000),
);
