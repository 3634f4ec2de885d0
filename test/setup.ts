// Property tests run with a fixed seed so a CI run is repeatable; explore new cases locally
// with FC_SEED=<number> (or FC_SEED=random) and a larger FAST_YAML_RUNS.
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261123 });

// GitVops prints a warning per object written with SecretOutput.unsafePlainText(): the tests
// choose that output on purpose many times, so the warnings are kept off the test log (tests that
// assert a warning spy on stderr themselves, above this filter). Everything else passes through.
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: any, ...rest: any[]) => {
  if (String(chunk).startsWith('[gitvops] WARNING: ')) return true;
  return (write as any)(chunk, ...rest);
}) as typeof process.stderr.write;
