import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, stop } from 'esbuild';

export interface ConsoleAssets {
  html: string;
  css: string;
  js: string;
}

const CONSOLE_DIR = join(__dirname, '..', 'console');

/**
 * The console page: one HTML file, one stylesheet, and its TypeScript bundled by esbuild at start (tens of
 * milliseconds). Nothing here is ever part of a Lambda bundle: only sandbox/ imports the console.
 */
export async function loadConsoleAssets(): Promise<ConsoleAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(join(CONSOLE_DIR, 'index.html'), 'utf8'),
    readFile(join(CONSOLE_DIR, 'console.css'), 'utf8'),
    build({
      entryPoints: [join(CONSOLE_DIR, 'app.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      sourcemap: 'inline',
      logLevel: 'silent',
    }),
  ]);
  // esbuild's service process is only needed for this one build; it would otherwise live as long as the sandbox.
  await stop();
  const js = bundle.outputFiles[0]?.text;
  if (!js) throw new Error('esbuild produced no console script');
  return { html, css, js };
}
