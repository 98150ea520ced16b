/**
 * Slack mrkdwn's three control characters, escaped: text a person or AWS wrote stays text (no `<!channel>`, mention
 * or link of theirs goes live). Here rather than in lib/slack because the rules in commands/ word refusals in
 * mrkdwn too. https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
