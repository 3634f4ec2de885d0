import { runValidate } from './validate';

/** The `gitvops` command. */
export function main(argv: string[]): number {
  const [command, ...args] = argv;
  if (command === 'validate') {
    return runValidate(args, (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
  }
  process.stderr.write('usage: gitvops validate <file or directory>... [--harvester-version 1.6|1.8]\n');
  return 2;
}
