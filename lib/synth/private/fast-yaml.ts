import { YamlEmitter } from '../../core/private/yaml-emitter';

/** The options cdk8s writes manifests with (`Yaml.stringify`). */
const CDK8S_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * Serialises JSON-shaped documents to the same bytes as cdk8s' `Yaml.stringify` (the `yaml`
 * library with cdk8s' options), faster: see `YamlEmitter`. `GitVopsApp` writes with it.
 */
export class FastYaml {
  private readonly emitter = new YamlEmitter(CDK8S_OPTIONS);

  /** One document, as `yaml.stringify(doc, cdk8sOptions)` would write it. */
  public document(doc: unknown): string {
    return this.emitter.document(doc);
  }

  /** Several documents joined as cdk8s joins them. */
  public documents(docs: unknown[]): string {
    return docs.map((d) => (d === undefined ? '\n' : this.document(d))).join('---\n');
  }
}

