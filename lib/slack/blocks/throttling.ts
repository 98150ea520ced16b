import type { KnownBlock } from '@slack/types';
import type { Diagnosis } from '../../../commands/alarms/throttling';
import { escape, section } from './kit';

const ICONS: Record<Diagnosis['verdict'], string> = {
  exhausted: ':rotating_light:',
  draining: ':hourglass_flowing_sand:',
  'unlimited-surplus': ':moneybag:',
  'not-credit-related': ':white_check_mark:',
  'not-burstable': ':information_source:',
  'insufficient-data': ':grey_question:',
};

const bullets = (lines: string[]): string => lines.map((line) => `• ${escape(line)}`).join('\n');

/** The CPU-credit diagnosis: the verdict in bold, the facts behind it, and what to do (the measures are not shown). */
export function throttlingBlocks(diagnosis: Omit<Diagnosis, 'measures'>): KnownBlock[] {
  const about = diagnosis.subject ? ` (${escape(diagnosis.subject)})` : '';
  const blocks: KnownBlock[] = [
    section(
      `${ICONS[diagnosis.verdict]} *CPU credits: ${escape(diagnosis.headline)}*${about}\n${bullets(diagnosis.facts)}`,
    ),
  ];
  if (diagnosis.advice.length) blocks.push(section(`*What to do*\n${bullets(diagnosis.advice)}`));
  return blocks;
}
