// Transpile-only TypeScript for the cdk8s app and the gitvops command: no type-checking on every
// synth (it costs seconds with the generated imports); `npm test` type-checks with tsc instead.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
