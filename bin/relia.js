#!/usr/bin/env node
'use strict';
// The `relia` command. It runs the CLI bundled into one file (dist-cli/relia.js, built by
// `npm ci` through the "prepare" script, or `npm run build:cli`): one file to load instead of a
// few dozen modules, which is most of the CLI's own start-up.
// When a source under src/cli or src/reports is newer than that build (someone is editing it),
// it runs the sources through tsx instead, so a stale build is never what runs.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist-cli', 'relia.js');

function newestSource() {
  let newest = 0;
  for (const dir of ['src/cli', 'src/reports']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base, { recursive: true })) {
      if (String(name).endsWith('.ts')) newest = Math.max(newest, statSync(join(base, String(name))).mtimeMs);
    }
  }
  return newest;
}

function fresh() {
  return existsSync(built) && statSync(built).mtimeMs >= newestSource();
}

if (fresh()) {
  require(built).main(process.argv);
} else {
  require('tsx/cjs/api').register();
  require(join(root, 'src', 'cli', 'main.ts')).main(process.argv);
}
