// Property tests run with a fixed seed so a CI run is repeatable; explore new cases locally
// with FC_SEED=<number> (or FC_SEED=random) and a larger FAST_YAML_RUNS.
import fc from 'fast-check';

const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20261123 });
