// Transpile-only TypeScript (tsx, esbuild) for the cdk8s app, the gitvops command and the
// benchmark: no type-checking on every synth (it costs seconds with the generated imports);
// `npm test` type-checks with tsc instead.
require('tsx/cjs');
