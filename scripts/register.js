// Transpile-only TypeScript for the cdk8s app: swc through ts-node (see "ts-node" in tsconfig.json).
// Type-checking belongs to `npm test`, not to every synth.
require('ts-node').register({ transpileOnly: true, swc: true });
