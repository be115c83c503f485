#!/usr/bin/env node
// `npm create @zoo/plugin NAME` runs this bin (npm exec @zoo/create-plugin NAME).
'use strict';
const { main } = require('../dist/main.js');
process.exitCode = main(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
