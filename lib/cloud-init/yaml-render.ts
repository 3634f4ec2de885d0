import { stringify } from 'yaml';

/**
 * YAML as cloud-init and RKE2 read it. Both use YAML 1.1 parsers (PyYAML, go-yaml v2), where
 * `yes`, `on`, `0640` are not strings: rendering in 1.1 mode quotes such strings. No line
 * folding, so long commands and keys stay on one line and diffs stay small.
 */
export function renderYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
