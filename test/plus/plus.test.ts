import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Size, Testing } from 'cdk8s';
import { Deployment, Volume } from 'cdk8s-plus-34';
import { CloudInitSecret, HarvesterVolume, VolumeMode } from '../../lib';
import { Cdk8sPlus } from '../../lib/plus';

describe('cdk8s-plus-34 interop', () => {
  test('a cdk8s-plus Deployment mounts a CloudInitSecret and a HarvesterVolume by name', () => {
    const chart = Testing.chart();
    const ci = new CloudInitSecret(chart, 'ci', { name: 'tools-cloudinit' });
    const data = HarvesterVolume.blank(chart, 'data', { name: 'tools-data', size: Size.gibibytes(5), volumeMode: VolumeMode.FILESYSTEM });
    const deployment = new Deployment(chart, 'tools', { containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }] });
    deployment.containers[0].mount('/seed', Volume.fromSecret(chart, 'seed', Cdk8sPlus.secret(chart, 'ci-ref', ci)));
    deployment.containers[0].mount('/data', Volume.fromPersistentVolumeClaim(chart, 'vol', Cdk8sPlus.persistentVolumeClaim(chart, 'data-ref', data)));
    const spec = Testing.synth(chart).find((o) => o.kind === 'Deployment').spec.template.spec;
    expect(spec.volumes).toEqual(expect.arrayContaining([
      expect.objectContaining({ secret: expect.objectContaining({ secretName: 'tools-cloudinit' }) }),
      expect.objectContaining({ persistentVolumeClaim: expect.objectContaining({ claimName: 'tools-data' }) }),
    ]));
  });

  test('the main entry does not load cdk8s-plus (synth speed)', () => {
    const root = join(__dirname, '..', '..');
    const probe = "require('./lib'); console.log(Object.keys(require.cache).filter((k) => k.includes('cdk8s-plus-34')).length)";
    const count = execFileSync(process.execPath, ['-r', './scripts/register.js', '-e', probe], { cwd: root, encoding: 'utf8' }).trim();
    expect(count).toBe('0');
  });
});
