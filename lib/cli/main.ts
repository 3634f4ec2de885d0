import { runSynth } from './synth';
import { ManifestValidator } from '../validation/manifest-validator';
import { runValidate } from './validate';

const USAGE = `usage: gitvops <command>
  synth      synthesize the cdk8s app of cdk8s.yaml into its output, atomically (--check: is it up to date?)
  validate   check manifests against Harvester's schemas and admission rules
  rules      print the platform rules table (id, source, Harvester versions, upstream, meaning)`;

/** The `gitvops` command. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  const out = (l: string) => process.stdout.write(`${l}\n`);
  const err = (l: string) => process.stderr.write(`${l}\n`);
  if (command === 'synth') return runSynth(args, out, err);
  if (command === 'validate') return runValidate(args, out, err);
  if (command === 'rules') {
    out(ManifestValidator.rulesTable());
    return 0;
  }
  err(USAGE);
  return 2;
}
