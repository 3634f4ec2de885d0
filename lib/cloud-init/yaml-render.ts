import { Document, Scalar, isScalar, visit } from 'yaml';
import { SecretValue } from '../core/secret-value';

const OPTIONS = { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * YAML as cloud-init and RKE2 read it. Both use YAML 1.1 parsers (PyYAML, go-yaml v2), where
 * `yes`, `on`, `0640` are not strings: rendering in 1.1 mode quotes such strings. No line
 * folding, so long commands and keys stay on one line and diffs stay small.
 *
 * A one-line string holding a SecretValue marker is written double-quoted, a multi-line one as
 * a literal block, so that the value replacing the marker later (free of quotes, backslashes and
 * control characters: see `revealSecrets`) cannot change the document's structure.
 */
export function renderYaml(value: unknown): string {
  const doc = new Document(value, OPTIONS);
  if (SecretValue.isIn(JSON.stringify(value))) {
    visit(doc, {
      Scalar(_key, node) {
        if (isScalar(node) && typeof node.value === 'string' && SecretValue.isIn(node.value)) {
          node.type = node.value.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
        }
      },
    });
  }
  return doc.toString(OPTIONS);
}
