#!/usr/bin/env node
// Regenerates imports/*.ts from the CRD files listed under `imports:` in cdk8s.yaml.
// `node scripts/import.js --check` regenerates into a scratch directory and fails when the
// committed files differ (generated code is never edited by hand).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const out = check ? fs.mkdtempSync(path.join(os.tmpdir(), 'gitvops-import-')) : path.join(root, 'imports');
const cli = path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

execFileSync(process.execPath, [cli, 'import', '--no-check-upgrade', '--language', 'typescript', '--output', out], {
  cwd: root,
  stdio: check ? 'pipe' : 'inherit',
});

if (check) {
  const generated = fs.readdirSync(out).filter((f) => f.endsWith('.ts')).sort();
  const committed = fs.readdirSync(path.join(root, 'imports')).filter((f) => f.endsWith('.ts')).sort();
  const stale = [...new Set([...generated, ...committed])].filter((f) => {
    const a = path.join(out, f);
    const b = path.join(root, 'imports', f);
    return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
  });
  fs.rmSync(out, { recursive: true, force: true });
  if (stale.length) {
    console.error(`imports/ is out of date with cdk8s.yaml and imports/crds: ${stale.join(', ')}. Run: npm run import`);
    process.exit(1);
  }
  console.log(`imports/ matches its CRD sources (${generated.length} modules)`);
}
