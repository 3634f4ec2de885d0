import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, AppProps, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FastYaml } from './private/fast-yaml';
import { hasBuiltInResolvers, resolveApiObject } from './private/resolve';
import { failure } from '../core/private/errors';
import { Delivery, DeliveryTool } from '../delivery/delivery';
import { HarvesterTarget } from '../delivery/target';
import { SynthValidation } from '../validation/synth-validation';

/** Bytes gathered before one write to the output file. */
const WRITE_CHUNK = 1 << 16;

/**
 * A cdk8s App that writes the same files as `App`, faster.
 *
 * For the common layout — one file per chart, no dependencies between constructs, no nested
 * charts, no construct metadata — `synth()` runs cdk8s' steps once each: every construct's
 * validations (in tree order, with cdk8s' error message), then every chart's objects in tree
 * order, each resolved once (the JSON synth-time validation checked is the JSON written; in
 * one pass by `resolveApiObject` when the app has cdk8s' built-in resolvers only) and
 * streamed to `<chart>.k8s.yaml` by `FastYaml` (block structure written directly, every
 * distinct scalar rendered by the `yaml` library once), each object's JSON dropped once written.
 * Every object is resolved before the first file is opened, so an error leaves no file
 * half-written (cdk8s writes chart by chart). Any other layout runs cdk8s' own `synth()`
 * unchanged. A contract test runs both against the oldest and the newest cdk8s of the peer range
 * and compares the files byte for byte (`npm run test:contract`).
 */
export class GitVopsApp extends App {
  /** How every target's folder reaches its cluster, unless the target says otherwise. */
  public readonly delivery?: Delivery;

  constructor(props: GitVopsAppProps = {}) {
    super(props);
    this.delivery = props.delivery;
  }

  public synth(): void {
    const all = this.node.findAll();
    const targets = all.filter((c): c is HarvesterTarget => c instanceof HarvesterTarget);
    if (!this.streamable(all)) {
      if (targets.length) {
        throw failure(undefined, '', 'HarvesterTarget folders are written by GitVopsApp for the default layout only (one file per chart, no construct dependencies, no nested charts)');
      }
      super.synth();
      return;
    }
    const deliveryOf = (t: HarvesterTarget) => t.delivery ?? this.delivery;
    for (const t of targets) if (deliveryOf(t)?.tool === DeliveryTool.ARGO_CD) Delivery._addSyncWaves(t);
    mkdirSync(this.outdir, { recursive: true });
    const resolved = new Map<ApiObject, any>();
    const resolve = hasBuiltInResolvers(this) ? resolveApiObject : (obj: ApiObject) => obj.toJson();
    const apiObjects = all.filter((c): c is ApiObject => ApiObject.isApiObject(c));
    SynthValidation._withContext(this, { apiObjects, resolved, resolve }, () => validateAll(all));
    // objects validation did not resolve (validation off, or no GitVops construct in the app)
    // are resolved before any file is opened: an error leaves nothing half-written
    for (const obj of apiObjects) if (!resolved.has(obj)) resolved.set(obj, resolve(obj));
    // the tree order of the app, restricted to a chart, is the chart's own tree order
    const byChart = new Map<Chart, ApiObject[]>();
    for (const obj of apiObjects) {
      const chart = Chart.of(obj);
      const list = byChart.get(chart);
      if (list) list.push(obj);
      else byChart.set(chart, [obj]);
    }
    const yaml = new FastYaml();
    // the delivery config is made (and checked) before any file is written
    this.deliveryFiles(targets, deliveryOf, apiObjects, resolved, yaml);
    for (const chart of all.filter((c): c is Chart => Chart.isChart(c))) {
      const objects = byChart.get(chart) ?? [];
      const target = HarvesterTarget.of(chart);
      let file = join(this.outdir, `${Names.toDnsLabel(chart)}${this.outputFileExtension}`);
      if (target) {
        mkdirSync(join(this.outdir, target.name), { recursive: true });
        file = join(this.outdir, target.name, `${relativeLabel(target, chart)}${this.outputFileExtension}`);
      }
      const fd = openSync(file, 'w');
      try {
        let chunk = '';
        objects.forEach((obj, i) => {
          const json = resolved.get(obj);
          resolved.delete(obj);
          chunk += (i > 0 ? '---\n' : '') + (json === undefined ? '\n' : yaml.document(json));
          if (chunk.length >= WRITE_CHUNK) {
            writeSync(fd, chunk);
            chunk = '';
          }
        });
        if (chunk) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** fleet.yaml per Fleet target and the management cluster's objects, written before the charts; throws on an invalid one. */
  private deliveryFiles(
    targets: HarvesterTarget[], deliveryOf: (t: HarvesterTarget) => Delivery | undefined, apiObjects: ApiObject[], resolved: Map<ApiObject, any>, yaml: FastYaml,
  ): void {
    if (!targets.some((t) => deliveryOf(t))) return;
    // each object's target found once (not once per target: linear in targets × objects otherwise)
    const byTarget = new Map<HarvesterTarget, any[]>();
    for (const o of apiObjects) {
      const t = HarvesterTarget.of(o);
      if (!t) continue;
      const list = byTarget.get(t);
      if (list) list.push(resolved.get(o));
      else byTarget.set(t, [resolved.get(o)]);
    }
    const outputs = targets.flatMap((t) => {
      const delivery = deliveryOf(t);
      if (!delivery) return [];
      return [{ name: t.name, clusterName: t.clusterName, delivery, dependsOn: t.dependsOn.map((d) => d.name), objects: byTarget.get(t) ?? [] }];
    });
    if (!outputs.length) return;
    const texts = [...Delivery._files(outputs, this.outputFileExtension)].map(([file, docs]) => [file, yaml.documents(docs)] as const);
    for (const [file, text] of texts) {
      mkdirSync(join(this.outdir, file, '..'), { recursive: true });
      const fd = openSync(join(this.outdir, file), 'w');
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
    }
  }

  /** The layout whose files the streaming writer reproduces exactly. */
  private streamable(all: IConstruct[]): boolean {
    // recordConstructMetadata is private in cdk8s' typings
    if (this.yamlOutputType !== YamlOutputType.FILE_PER_CHART || (this as any).recordConstructMetadata) return false;
    for (const c of all) {
      if (c.node.dependencies.length > 0) return false;
      if (Chart.isChart(c)) {
        if (c.toJson !== Chart.prototype.toJson) return false;
        if (c.node.scopes.slice(0, -1).some((s) => Chart.isChart(s))) return false;
      }
    }
    return true;
  }
}

/** Props of a GitVopsApp. */
export interface GitVopsAppProps extends AppProps {
  /** How each HarvesterTarget's folder reaches its cluster (a target's own `delivery` wins). @default - no delivery config */
  readonly delivery?: Delivery;
}

/** A chart's file name inside its target's folder: its path below the target. */
function relativeLabel(target: HarvesterTarget, chart: Chart): string {
  return chart.node.path.slice(target.node.path.length + 1).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Every construct's validations, as cdk8s runs them before it writes anything. */
function validateAll(all: IConstruct[]): void {
  const errors: string[] = [];
  for (const c of all) {
    for (const error of c.node.validate()) errors.push(`[${c.node.path}] ${error}`);
  }
  if (errors.length > 0) {
    // cdk8s' own message (the contract test compares it), through GitVops' error helper
    throw failure(undefined, '', `Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}
