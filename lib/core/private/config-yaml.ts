import { Scalar } from 'yaml';
import { holdsSecret } from './secret-markers';
import { YamlEmitter } from './yaml-emitter';

const OPTIONS = { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * A string holding a SecretValue marker is written double-quoted (one line) or as a literal
 * block (several lines), so that the value replacing the marker later cannot change the YAML
 * structure around it.
 */
function markerStyle(value: string): Scalar.Type | undefined {
  if (!holdsSecret(value)) return undefined;
  return value.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
}

/** One emitter per process: its scalar cache is shared by every node's configuration. */
const emitter = new YamlEmitter(OPTIONS, markerStyle);

/**
 * YAML as cloud-init and RKE2 read it. Both use YAML 1.1 parsers (PyYAML, go-yaml v2), where
 * `yes`, `on`, `0640` are not strings: rendering in 1.1 mode quotes such strings. No line
 * folding, so long commands and keys stay on one line and diffs stay small.
 *
 * A one-line string holding a SecretValue marker is written double-quoted, a multi-line one as
 * a literal block, so that the value replacing the marker later (free of quotes, backslashes and
 * control characters: see `revealSecrets`) cannot change the document's structure.
 *
 * The bytes are the `yaml` library's (`new Document(value, options).toString(options)` with
 * those styles set); `YamlEmitter` writes them without building a document for every node.
 */
export function renderYaml(value: unknown): string {
  return emitter.document(value);
}
