import type { KnownBlock } from '@slack/types';

/** What a reader sees in a block: its text, its fields' texts, its context lines. */
export function textsOf(block: KnownBlock | undefined): string[] {
  if (!block) return [];
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text)];
    case 'context':
      return block.elements.map((element) =>
        'text' in element && typeof element.text === 'string' ? element.text : '',
      );
    default:
      return [];
  }
}

/** The fields of a section block (empty for anything else). */
export function fieldsOf(block: KnownBlock | undefined): string[] {
  return block?.type === 'section' ? (block.fields ?? []).map((field) => field.text) : [];
}

/** The field whose bold title starts it: `fieldTitled(block, 'Alarms')`. */
export function fieldTitled(block: KnownBlock | undefined, title: string): string | undefined {
  return fieldsOf(block).find((field) => field.startsWith(`*${title}*`));
}
