import { mrkdwn, plainText, type RenderContext } from '../../../sandbox/console/mrkdwn';

const context: RenderContext = {
  names: {
    user: (id) => (({ U0ALICE: 'alice', U0BOB: 'bob' }) as Record<string, string>)[id],
    channel: (id) => (id === 'C0PRODOPS01' ? 'prod-ops' : undefined),
    group: (id) => (id === 'S0OPSLEADS' ? 'ops-leads' : undefined),
  },
  now: new Date('2026-01-01T12:00:00Z'),
  timeZone: 'UTC',
};
const render = (text: string) => mrkdwn(text, context);

describe('mrkdwn as the console shows it', () => {
  it.each([
    ['*bold*', '<strong>bold</strong>'],
    ['_italic_', '<em>italic</em>'],
    ['~gone~', '<del>gone</del>'],
    ['`code *not bold*`', '<code class="mk-code">code *not bold*</code>'],
    ['```\nline 1\n<b>\n```', '<pre class="mk-pre">line 1\n&lt;b&gt;\n</pre>'],
    [
      '<https://example.com/a?b=1&amp;c=2|the docs>',
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    ],
    ['<@U0ALICE> and <@U0NOBODY>', '<span class="mention">@alice</span> and <span class="mention">@U0NOBODY</span>'],
    ['<#C0PRODOPS01>', '<span class="channel-link">#prod-ops</span>'],
    ['<!subteam^S0OPSLEADS>', '<span class="mention">@ops-leads</span>'],
    ['<!here>', '<span class="mention">@here</span>'],
    [':rocket: launch :not_an_emoji:', '<span class="emoji" title=":rocket:">🚀</span> launch :not_an_emoji:'],
    ['a &lt;b&gt; &amp; c', 'a &lt;b&gt; &amp; c'],
    ['&gt; quoted\nnot', '<blockquote>quoted</blockquote><br>not'],
  ])('%s', (text, html) => {
    expect(render(text)).toBe(html);
  });

  it('formats around held pieces: bold code, bold mentions', () => {
    expect(render('*`/deploy web prod`*')).toBe('<strong><code class="mk-code">/deploy web prod</code></strong>');
    expect(render('*approved by <@U0BOB>*')).toBe('<strong>approved by <span class="mention">@bob</span></strong>');
    expect(render('<https://example.com/|progress of `d-1`>')).toBe(
      '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">progress of <code class="mk-code">d-1</code></a>',
    );
  });

  it('leaves snake_case and arithmetic alone', () => {
    expect(render('edu_web_prod 2*3*4')).toBe('edu_web_prod 2*3*4');
  });

  it('shows a date token in the reader’s zone, and the fallback when the token is malformed', () => {
    expect(render('<!date^1767268800^{date_short_pretty} {time}|2026-01-01 12:00 UTC>')).toContain('>today 12:00 PM<');
    expect(render('<!date^1767182400^{date_num}|x>')).toContain('>2025-12-31<');
    expect(render('<!date^nope^{date}|the fallback>')).toContain('>the fallback<');
  });

  it('never lets message text inject markup or script links', () => {
    expect(render('<javascript:alert(1)|click>')).toBe('click');
    expect(render('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(render('"quoted" <@U0ALICE|"><script>>')).not.toContain('<script>');
  });

  it('renders plain_text with emoji but no formatting', () => {
    expect(plainText('*🚀 web* :white_check_mark: <b>')).toBe(
      '*🚀 web* <span class="emoji" title=":white_check_mark:">✅</span> &lt;b&gt;',
    );
  });
});
