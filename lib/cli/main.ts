// each command loads its own modules only (a diff needs no validator, a validate no synth)
/* eslint-disable @typescript-eslint/no-require-imports */
import { cacheModulesUnder } from '../core/private/module-cache';

// before any command's modules load: GitVops' compiled modules with V8's code cache
cacheModulesUnder();

const USAGE = `usage: gitvops <command>
  synth      synthesize the cdk8s app of cdk8s.yaml into its output, atomically (--check: is it up to date?)
  validate   check manifests against Harvester's schemas and admission rules
  diff       what a change does to running VMs and disks (data-loss, rejected, restart, live, …)
  import     write a GitVops Chart for exported VMs, volumes and cloud-init Secrets (round trip checked)
  rules      print the platform rules table (id, source, Harvester versions, upstream, meaning)`;

/** The `gitvops` command. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  const out = (l: string) => process.stdout.write(`${l}\n`);
  const err = (l: string) => process.stderr.write(`${l}\n`);
  if (command === 'synth') return (require('./synth') as typeof import('./synth')).runSynth(args, out, err);
  if (command === 'validate') return (require('./validate') as typeof import('./validate')).runValidate(args, out, err);
  if (command === 'diff') return (require('./diff') as typeof import('./diff')).runDiff(args, out, err);
  if (command === 'import') return (require('./import') as typeof import('./import')).runImport(args, out, err);
  if (command === 'rules') {
    out((require('../validation/manifest-validator') as typeof import('../validation/manifest-validator')).ManifestValidator.rulesTable());
    return 0;
  }
  err(USAGE);
  return 2;
}
