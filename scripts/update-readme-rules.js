#!/usr/bin/env node
// `npm run docs:rules`: writes the platform rules table (from the code: ManifestValidator.rulesTable)
// between the rules markers of README.md. A test fails when the README's table is not the code's.
const fs = require('node:fs');
const path = require('node:path');
require('./register.js');
const { ManifestValidator } = require('../lib/validation/manifest-validator.ts');

const file = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(file, 'utf8');
const begin = '<!-- rules:begin (npm run docs:rules) -->';
const end = '<!-- rules:end -->';
const a = text.indexOf(begin);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no rules markers');
fs.writeFileSync(file, `${text.slice(0, a + begin.length)}\n${ManifestValidator.rulesTable()}\n${text.slice(b)}`);
