#!/usr/bin/env node
// dist/ is built by `npm run build` (and before `npm pack`); a checkout that
// has not built it gets one line saying so, not a module-not-found stack.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('gcdiag: dist/ is not built: run `npm run build` in the gcdiag folder first\n');
  process.exitCode = 3;
} else {
  const { main } = await import(cli.href);
  await main(process.argv);
}
