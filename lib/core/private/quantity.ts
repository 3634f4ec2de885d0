import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { invalid } from './errors';

const UNITS: ReadonlyArray<[string, number]> = [
  ['Ti', 1024 ** 3],
  ['Gi', 1024 ** 2],
  ['Mi', 1024],
  ['Ki', 1],
];

/** Kibibytes in a Size, or NaN when the size is not a whole number of KiB. */
function kibibytes(size: Size): number {
  try {
    return size.toKibibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    return NaN;
  }
}

/**
 * Renders a Size as a Kubernetes quantity string in the largest binary unit that holds it
 * exactly (`Size.gibibytes(40)` → `"40Gi"`, `Size.mebibytes(1536)` → `"1536Mi"`).
 * Throws unless the size is a positive whole number of KiB.
 */
export function sizeToQuantity(scope: IConstruct, field: string, size: Size): string {
  const kib = kibibytes(size);
  if (!Number.isSafeInteger(kib) || kib <= 0) {
    throw invalid(scope, field, `${size.toKibibytes({ rounding: SizeRoundingBehavior.NONE })}Ki`, 'a size greater than 0, a whole number of KiB');
  }
  for (const [unit, factor] of UNITS) {
    if (kib % factor === 0) return `${kib / factor}${unit}`;
  }
  return `${kib}Ki`;
}

/** Kibibytes of a Size that has already passed `sizeToQuantity`. */
export function sizeInKib(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}
