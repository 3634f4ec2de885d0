#!/usr/bin/env node
// `npm run build:jsii`: compiles the library's public API with jsii into a `.jsii` assembly, the
// step that lets Python, Go and Java bindings be generated later (as for cdk8s-plus).
//
// The TypeScript package (package.json, dist-lib/) stays as it is: jsii runs on a staged copy of
// the sources in build/jsii/ with a package.json of its own, in which the runtime dependencies that
// are not jsii modules (yaml, ajv, ajv-formats) are bundled dependencies, and cdk8s / constructs
// (jsii modules) are peers. Module resolution from build/jsii/ reaches the project's
// node_modules/. `gitvops/plus` (cdk8s-plus adapters) is a TypeScript-only second entry point:
// jsii compiles one entry point per assembly, so it is not staged.
//
// jsii's own diagnostics are printed as they are; any error fails the build (exit code of jsii),
// and so does any warning: the assembly must be clean.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stage = path.join(root, 'build', 'jsii');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
const skip = new Set([path.join(root, 'lib', 'plus')]);
fs.cpSync(path.join(root, 'lib'), path.join(stage, 'lib'), {
  recursive: true,
  filter: (src) => !skip.has(src),
});
fs.mkdirSync(path.join(stage, 'imports'));
for (const file of fs.readdirSync(path.join(root, 'imports'))) {
  if (file.endsWith('.ts')) fs.copyFileSync(path.join(root, 'imports', file), path.join(stage, 'imports', file));
}

const bundled = Object.keys(pkg.dependencies);
const minimum = (range) => range.replace(/^[\^~]/, '');
const staged = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  license: pkg.license,
  author: { name: 'GitVops', organization: true },
  repository: { type: 'git', url: 'https://github.com/gitvops/gitvops.git' },
  main: 'lib/index.js',
  types: 'lib/index.d.ts',
  dependencies: pkg.dependencies,
  bundledDependencies: bundled,
  peerDependencies: { cdk8s: pkg.peerDependencies.cdk8s, constructs: pkg.peerDependencies.constructs },
  // jsii asks for the peer range's minimum as the declared devDependency; what is installed is
  // the project's (the cdk8s contract test, `npm run test:contract`, runs the minimum itself)
  devDependencies: { cdk8s: minimum(pkg.peerDependencies.cdk8s), constructs: minimum(pkg.peerDependencies.constructs) },
  jsii: {
    outdir: 'dist',
    targets: {},
    tsc: { outDir: '.', rootDir: '.' },
  },
};
fs.copyFileSync(path.join(root, 'README.md'), path.join(stage, 'README.md'));
fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);

const jsii = require.resolve('jsii/bin/jsii', { paths: [root] });
const run = spawnSync(process.execPath, [jsii, '--fail-on-warnings', '--silence-warnings=reserved-word'], {
  cwd: stage,
  stdio: 'inherit',
  env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' },
});
if (run.status !== 0) {
  process.stderr.write(`jsii: the public API does not compile (exit ${run.status})\n`);
  process.exit(run.status ?? 1);
}
const assembly = JSON.parse(fs.readFileSync(path.join(stage, '.jsii'), 'utf8'));
// every public type and member has TSDoc; every optional prop of a props struct says its @default
const undocumented = [];
for (const [fqn, type] of Object.entries(assembly.types ?? {})) {
  if (!type.docs?.summary) undocumented.push(fqn);
  for (const m of [...(type.properties ?? []), ...(type.methods ?? []), ...(type.members ?? [])]) {
    if (!m.docs?.summary) undocumented.push(`${fqn}.${m.name}: no TSDoc`);
    if (type.datatype && m.optional && m.docs?.default === undefined) undocumented.push(`${fqn}.${m.name}: optional without @default`);
  }
}
if (undocumented.length) {
  process.stderr.write(`jsii: public API without documentation:\n  ${undocumented.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(`jsii: ${Object.keys(assembly.types ?? {}).length} types in ${path.relative(root, path.join(stage, '.jsii'))}\n`);
