import { Scalar } from 'yaml';
import { holdsSecret, tagMarkers } from './secret-markers';
import { Prepared, YamlEmitter } from './yaml-emitter';

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

/**
 * Tags the markers of a string with where it lands: `b<n>` inside a literal block with content
 * indentation n, else `q` (double-quoted; also a multi-line string when the library writes the
 * document, whose indentation the emitter does not know). See `secret-markers.ts`.
 */
function tagForContext(value: string, style: Scalar.Type, contentIndent: number | undefined): Prepared {
  if (style === Scalar.BLOCK_LITERAL && contentIndent !== undefined) return { value: tagMarkers(value, `b${contentIndent}`), style };
  return { value: tagMarkers(value, 'q'), style: Scalar.QUOTE_DOUBLE };
}

/** One emitter per process: its scalar cache is shared by every node's configuration. */
const emitter = new YamlEmitter(OPTIONS, markerStyle, tagForContext);

/**
 * YAML as cloud-init and RKE2 read it. Both use YAML 1.1 parsers (PyYAML, go-yaml v2), where
 * `yes`, `on`, `0640` are not strings: rendering in 1.1 mode quotes such strings. No line
 * folding, so long commands and keys stay on one line and diffs stay small.
 *
 * A one-line string holding a SecretValue marker is written double-quoted, a multi-line one as
 * a literal block, and its markers are tagged with that context, so that whatever replaces a
 * marker later escapes the value for every level it is nested in (`secret-markers.ts`): any
 * value, quotes, backslashes and newlines included, reads back unchanged.
 *
 * The bytes are the `yaml` library's (`new Document(value, options).toString(options)` with
 * those styles set); `YamlEmitter` writes them without building a document for every node.
 */
export function renderYaml(value: unknown): string {
  return emitter.document(value);
}
