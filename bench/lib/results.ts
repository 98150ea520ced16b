import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeResults(file: string, results: object): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
