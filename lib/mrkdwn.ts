/**
 * Slack mrkdwn's three control characters, escaped: text a person or AWS wrote stays text (no `<!channel>`, mention
 * or link of theirs goes live). Here rather than in lib/slack because the rules in commands/ word refusals in
 * mrkdwn too. https://api.slack.com/reference/surfaces/formatting#escaping
 */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * mrkdwn as plain text for readers that are not Slack (a CI job's log): mentions, channels and links spelled out,
 * escapes undone. https://api.slack.com/reference/surfaces/formatting
 */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<@([UW][A-Z0-9]+)>/g, 'Slack user $1')
    .replace(/<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>/g, 'Slack channel $1')
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/g, 'Slack group $1')
    .replace(/<([^|<>]+)\|([^<>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
