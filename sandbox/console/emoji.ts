/**
 * Slack emoji shortcodes the bot uses, and a few more people type. Slack has thousands; a shortcode not listed
 * here is shown as typed, which is what Slack does with an emoji it does not know. Words that also occur in ARNs
 * and labels (`:alarm:`, `:managed:`) are deliberately absent.
 */
export const EMOJI: Readonly<Record<string, string>> = {
  rocket: '🚀', white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️', no_entry: '⛔', no_entry_sign: '🚫',
  large_green_circle: '🟢', green_circle: '🟢', red_circle: '🔴', large_blue_circle: '🔵', blue_circle: '🔵',
  large_yellow_circle: '🟡', yellow_circle: '🟡', white_circle: '⚪', black_circle: '⚫', large_orange_circle: '🟠',
  lock: '🔒', unlock: '🔓', shield: '🛡️', key: '🔑',
  hourglass: '⌛', hourglass_flowing_sand: '⏳', stopwatch: '⏱️', timer_clock: '⏲️', alarm_clock: '⏰',
  rotating_light: '🚨', information_source: 'ℹ️', grey_question: '❔', question: '❓', grey_exclamation: '❕', exclamation: '❗',
  leftwards_arrow_with_hook: '↩️', arrow_right: '➡️', arrows_counterclockwise: '🔄', repeat: '🔁', twisted_rightwards_arrows: '🔀',
  stop_button: '⏹️', double_vertical_bar: '⏸️', arrow_forward: '▶️', moneybag: '💰', heavy_minus_sign: '➖', heavy_plus_sign: '➕',
  fire: '🔥', tada: '🎉', eyes: '👀', thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎', wave: '👋', pray: '🙏',
  broom: '🧹', wrench: '🔧', hammer_and_wrench: '🛠️', gear: '⚙️', package: '📦', memo: '📝', mag: '🔍', link: '🔗',
  chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉', bar_chart: '📊', bell: '🔔', no_bell: '🔕', zzz: '💤',
  sleeping: '😴', robot_face: '🤖', computer: '💻', globe_with_meridians: '🌐', earth_asia: '🌏', construction: '🚧',
  green_heart: '💚', blue_heart: '💙', boom: '💥', bulb: '💡', calendar: '📆', clipboard: '📋', pushpin: '📌', scroll: '📜',
};
