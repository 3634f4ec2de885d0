import { App, AppProps, Yaml } from 'cdk8s';
import { FastYaml } from './fast-yaml';

/**
 * A cdk8s App that writes the same bytes as `App`, faster: while it synthesizes, cdk8s'
 * `Yaml.stringify` is served by `FastYaml` (block structure written directly, every distinct
 * scalar rendered by the `yaml` library once). Everything else — validation, dependencies, file
 * names — is cdk8s' own `synth()`.
 */
export class GitVopsApp extends App {
  constructor(props: AppProps = {}) {
    super(props);
  }

  public synth(): void {
    const yaml = Yaml as unknown as { stringify: (...docs: any[]) => string };
    const original = yaml.stringify;
    const fast = new FastYaml();
    yaml.stringify = (...docs: any[]) => fast.documents(docs);
    try {
      super.synth();
    } finally {
      yaml.stringify = original;
    }
  }
}
