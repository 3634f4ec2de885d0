#!/usr/bin/env node
// The gitvops command: the TypeScript sources (transpile-only) inside the repository, the
// compiled library when installed from the package (which ships no .ts sources).
const path = require('node:path');
const fs = require('node:fs');

const source = path.join(__dirname, '..', 'lib', 'cli', 'main.ts');
let main;
if (fs.existsSync(source)) {
  require(path.join(__dirname, '..', 'scripts', 'register.js'));
  main = require(source).main;
} else {
  main = require(path.join(__dirname, '..', 'dist-lib', 'lib', 'cli', 'main.js')).main;
}
process.exitCode = main(process.argv.slice(2));
