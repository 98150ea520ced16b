/**
 * What Slack refuses in a message's blocks with `invalid_blocks`, for the loopback Slack to refuse too: two blocks
 * with one block_id, or two elements of one block with one action_id. Slack checks more (schemas, lengths); these
 * are the rules a builder breaks without noticing, since one button per action works.
 */
export function invalidBlocks(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  const blockIds = new Set<string>();
  for (const [index, block] of (blocks as { block_id?: unknown; elements?: unknown }[]).entries()) {
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) return `block ${index}: block_id ${block.block_id} is not unique`;
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    for (const element of Array.isArray(block.elements) ? (block.elements as { action_id?: unknown }[]) : []) {
      if (typeof element.action_id !== 'string') continue;
      if (actionIds.has(element.action_id)) return `block ${index}: action_id ${element.action_id} is not unique`;
      actionIds.add(element.action_id);
    }
  }
  return undefined;
}
