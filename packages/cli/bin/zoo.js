#!/usr/bin/env node
// Committed shim: npm links a bin only if its target exists at install time, so the bin points
// here and this file loads the compiled CLI (built by the root `prepare`).
'use strict';
let main;
try {
  main = require('../dist/main.js').main;
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/main.js')) {
    console.error('zoo: the CLI is not built yet; run `npm run build` at the repository root.');
    process.exit(2);
  }
  throw err;
}
main(process.argv).then(
  (code) => process.exit(code ?? 0),
  (err) => {
    console.error(`zoo: ${err && err.message ? err.message : err}`);
    process.exit(1);
  },
);
