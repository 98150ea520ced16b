import type { KnownBlock } from '@slack/types';

/**
 * Slack's documented Block Kit limits (https://api.slack.com/reference/block-kit/blocks and each block's page),
 * written out here rather than imported from lib/slack/blocks/kit.ts, so a wrong limit in the code cannot make its
 * own tests pass.
 */
const MAX = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  field: 2000,
  contextElements: 10,
  text: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  /** Not documented: Slack answers msg_blocks_too_long around 13,000 characters of blocks (bolt-js issue 2509). */
  blocksJson: 13_000,
} as const;

interface TextObject {
  type?: string;
  text?: string;
}
type Loose = Record<string, unknown>;

const textOf = (value: unknown): string | undefined => (value as TextObject | undefined)?.text;

function tooLong(where: string, text: string | undefined, max: number): string[] {
  return text !== undefined && text.length > max ? [`${where}: ${text.length} characters, more than ${max}`] : [];
}

function elementProblems(where: string, element: Loose): string[] {
  return [
    ...tooLong(
      `${where}.text`,
      typeof element.text === 'string' ? element.text : textOf(element.text),
      element.type === 'button' ? MAX.buttonText : MAX.text,
    ),
    ...tooLong(`${where}.value`, element.value as string | undefined, MAX.buttonValue),
    ...tooLong(`${where}.url`, element.url as string | undefined, MAX.url),
    ...tooLong(`${where}.action_id`, element.action_id as string | undefined, MAX.id),
  ];
}

function blockProblems(block: KnownBlock, index: number): string[] {
  const where = `blocks[${index}] (${block.type})`;
  const loose = block as unknown as Loose;
  const problems = tooLong(`${where}.block_id`, block.block_id, MAX.id);
  const elements = (loose.elements ?? []) as Loose[];
  switch (block.type) {
    case 'header':
      return [...problems, ...tooLong(`${where}.text`, block.text.text, MAX.header)];
    case 'section': {
      const fields = block.fields ?? [];
      return [
        ...problems,
        ...(block.text || fields.length ? [] : [`${where}: neither text nor fields`]),
        ...tooLong(`${where}.text`, block.text?.text, MAX.sectionText),
        ...(fields.length > MAX.fields ? [`${where}: ${fields.length} fields, more than ${MAX.fields}`] : []),
        ...fields.flatMap((field, i) => tooLong(`${where}.fields[${i}]`, field.text, MAX.field)),
      ];
    }
    case 'context':
      return [
        ...problems,
        ...(elements.length > MAX.contextElements
          ? [`${where}: ${elements.length} elements, more than ${MAX.contextElements}`]
          : []),
        ...elements.flatMap((element, i) => elementProblems(`${where}.elements[${i}]`, element)),
      ];
    case 'actions':
      return [
        ...problems,
        ...(elements.length > MAX.actionsElements
          ? [`${where}: ${elements.length} elements, more than ${MAX.actionsElements}`]
          : []),
        ...elements.flatMap((element, i) => elementProblems(`${where}.elements[${i}]`, element)),
      ];
    default:
      return problems;
  }
}

/** Every way one of these blocks breaks its documented limits: for block builders, whatever the message. */
export function blockLimitProblems(blocks: KnownBlock[]): string[] {
  return blocks.flatMap(blockProblems);
}

/** Every way the message breaks Slack's limits, in words; empty when Slack would take it. */
export function slackLimitProblems(message: { text: string; blocks: KnownBlock[] }): string[] {
  return [
    ...(message.text.trim() ? [] : ['text: empty (it is the notification fallback)']),
    ...(message.blocks.length > MAX.blocks ? [`${message.blocks.length} blocks, more than ${MAX.blocks}`] : []),
    ...blockLimitProblems(message.blocks),
    ...tooLong('blocks (as JSON)', JSON.stringify(message.blocks), MAX.blocksJson),
  ];
}

/** Fails the test, listing every problem, when Slack would refuse the message. */
export function expectWithinSlackLimits(message: { text: string; blocks: KnownBlock[] }): void {
  expect(slackLimitProblems(message)).toEqual([]);
}
