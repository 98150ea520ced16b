import * as z from 'zod';
import { emitResult, runNodeChild } from './child';
import { summarise, type Summary } from './stats';

const coldLoad = z.object({ ms: z.number() });

/** A child that times `require(bundle)` and nothing else: the module-load part of a Lambda cold start. */
function coldLoadScript(bundle: string): string {
  return [
    'const start = process.hrtime.bigint();',
    `require(${JSON.stringify(bundle)});`,
    'const ms = Number(process.hrtime.bigint() - start) / 1e6;',
    emitResult('{ ms }'),
  ].join('\n');
}

async function loadOnce(bundle: string, cwd: string): Promise<number> {
  return coldLoad.parse(await runNodeChild(coldLoadScript(bundle), {}, cwd)).ms;
}

/**
 * Cold module load of each bundle, `runs` fresh processes each. Runs are interleaved (a, b, c, a, b, c, …)
 * so drift in the machine's load affects every bundle alike; one discarded warm-up each fills the page cache.
 */
export async function measureColdLoads<Name extends string>(
  bundles: Readonly<Record<Name, string>>,
  runs: number,
  cwd: string,
): Promise<Record<Name, Summary>> {
  const names = Object.keys(bundles) as Name[];
  const samples = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (const name of names) await loadOnce(bundles[name], cwd);
  for (let run = 0; run < runs; run += 1) {
    for (const name of names) samples.get(name)?.push(await loadOnce(bundles[name], cwd));
  }
  return Object.fromEntries(names.map((name) => [name, summarise(samples.get(name) ?? [])])) as Record<Name, Summary>;
}
