import { Chart, Duration, Testing } from 'cdk8s';
import { BackupTarget, BackupTargetType, HarvesterVersion, ManifestValidator, SecretOutput, SecretValue, SynthValidation } from '../../lib';
import { makeSealingKeyPair, unsealValue } from '../helpers/sealing';

const settingOf = (objects: any[]) => objects.find((o) => o.kind === 'Setting');
const s3 = {
  type: BackupTargetType.S3,
  endpoint: 'https://minio.example.com:9000',
  bucketName: 'harvester-backups',
  bucketRegion: 'us-east-1',
  accessKeyId: SecretValue.fromRemote('harvester/backup', { property: 'accessKeyId' }),
  secretAccessKey: SecretValue.fromRemote('harvester/backup', { property: 'secretAccessKey' }),
};

const pair = makeSealingKeyPair();
afterAll(() => pair.cleanup());

describe('BackupTarget', () => {
  test.each([HarvesterVersion.V1_6, HarvesterVersion.V1_8])('NFS: the backup-target Setting as Harvester stores it, cluster-scoped, no Secret, no problem on %s', (version) => {
    const chart = new Chart(Testing.app(), 'infra', { namespace: 'apps' });
    SynthValidation.configure(chart, { harvesterVersion: version });
    const target = new BackupTarget(chart, 'target', { type: BackupTargetType.NFS, endpoint: 'nfs://10.0.0.5:/exports/harvester', refreshInterval: Duration.minutes(5) });
    const objects = Testing.synth(chart);
    expect(objects).toHaveLength(1);
    const s = settingOf(objects);
    expect(s.apiVersion).toBe('harvesterhci.io/v1beta1');
    expect(s.metadata).toEqual({ name: 'backup-target', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    // every key of pkg/settings BackupTarget, in its order, as json.Marshal writes them
    expect(s.value).toBe('{"type":"nfs","endpoint":"nfs://10.0.0.5:/exports/harvester","accessKeyId":"","secretAccessKey":"","bucketName":"","bucketRegion":"","cert":"","virtualHostedStyle":false,"refreshIntervalInSeconds":300}');
    expect(target.value).toBe(s.value);
    expect(target.credentials).toBeUndefined();
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test.each([HarvesterVersion.V1_6, HarvesterVersion.V1_8])('S3 with an ExternalSecret: the keys only in the store, the Secret Longhorn reads in longhorn-system, no problem on %s', (version) => {
    const chart = Testing.chart();
    SynthValidation.configure(chart, { harvesterVersion: version });
    new BackupTarget(chart, 'target', { ...s3, virtualHostedStyle: true, cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', secretOutput: SecretOutput.externalSecret({ storeName: 'vault' }) });
    const objects = Testing.synth(chart);
    expect(JSON.parse(settingOf(objects).value)).toEqual({
      type: 's3', endpoint: 'https://minio.example.com:9000', accessKeyId: '', secretAccessKey: '', bucketName: 'harvester-backups',
      bucketRegion: 'us-east-1', cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', virtualHostedStyle: true, refreshIntervalInSeconds: 0,
    });
    const es = objects.find((o) => o.kind === 'ExternalSecret');
    expect(es.metadata).toEqual({ name: 'harvester-backup-target-secret', namespace: 'longhorn-system', labels: { 'harvesterhci.io/creator': 'gitvops' } });
    expect(es.spec.target.name).toBe('harvester-backup-target-secret');
    expect(Object.keys(es.spec.target.template.data).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_CERT', 'AWS_ENDPOINTS', 'AWS_SECRET_ACCESS_KEY', 'VIRTUAL_HOSTED_STYLE']);
    expect(es.spec.target.template.data.AWS_ENDPOINTS).toBe('https://minio.example.com:9000');
    expect(es.spec.target.template.data.AWS_CERT).toBe('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
    expect(es.spec.target.template.data.VIRTUAL_HOSTED_STYLE).toBe('true');
    expect(es.spec.data.map((d: any) => d.remoteRef)).toEqual([{ key: 'harvester/backup', property: 'accessKeyId' }, { key: 'harvester/backup', property: 'secretAccessKey' }]);
    expect(JSON.stringify(objects)).not.toMatch(/accessKeyId":"[^"]/);
    expect(SynthValidation.check(chart)).toEqual([]);
  });

  test('S3 sealed: the keys are sealed for the Secret\'s name, never in clear', () => {
    process.env.GITVOPS_TEST_S3_ID = 'AKIAEXAMPLE';
    process.env.GITVOPS_TEST_S3_KEY = 'wJalrXUtnFEMI/K7MDENG';
    const chart = Testing.chart();
    SecretOutput.setDefault(chart, SecretOutput.sealedSecret({ certificate: pair.cert, cacheFile: `${pair.dir}/cache.json` }));
    new BackupTarget(chart, 'target', { ...s3, accessKeyId: SecretValue.fromEnv('GITVOPS_TEST_S3_ID'), secretAccessKey: SecretValue.fromEnv('GITVOPS_TEST_S3_KEY') });
    const objects = Testing.synth(chart);
    expect(JSON.stringify(objects)).not.toContain('AKIAEXAMPLE');
    expect(JSON.stringify(objects)).not.toContain('wJalrXUtnFEMI');
    const sealed = objects.find((o) => o.kind === 'SealedSecret');
    expect([sealed.metadata.name, sealed.metadata.namespace]).toEqual(['harvester-backup-target-secret', 'longhorn-system']);
    const values = Object.values<string>(sealed.spec.encryptedData).map((v) => unsealValue(pair.key, v, 'longhorn-system/harvester-backup-target-secret'));
    expect(values.sort()).toEqual(['AKIAEXAMPLE', 'wJalrXUtnFEMI/K7MDENG']);
  });

  test('S3 with no secret output chosen: synth refuses to write the keys in clear; a plain Secret only when asked for', () => {
    const chart = Testing.chart();
    new BackupTarget(chart, 'target', { ...s3, accessKeyId: SecretValue.unsafePlainText('AKIA'), secretAccessKey: SecretValue.unsafePlainText('s3cr3t') });
    expect(() => Testing.synth(chart)).toThrow("BackupTarget 'test/target': secretOutput: would write secret material in plain text (a plain-text literal, a plain-text literal)");
    const plain = Testing.chart();
    new BackupTarget(plain, 'target', { ...s3, accessKeyId: SecretValue.unsafePlainText('AKIA'), secretAccessKey: SecretValue.unsafePlainText('s3cr3t'), secretOutput: SecretOutput.unsafePlainText() });
    const secret = Testing.synth(plain).find((o) => o.kind === 'Secret');
    expect(secret.metadata.namespace).toBe('longhorn-system');
    expect(secret.stringData).toEqual({ AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's3cr3t', AWS_ENDPOINTS: 'https://minio.example.com:9000', AWS_CERT: '', VIRTUAL_HOSTED_STYLE: 'false' });
  });

  test('mistakes at construction: what the setting webhook (validateBackupTargetFields) refuses', () => {
    const chart = Testing.chart();
    const { bucketRegion: _region, ...noRegion } = s3;
    expect(() => new BackupTarget(chart, 'a', noRegion)).toThrow("BackupTarget 'test/a': bucketRegion: is required for an s3 backup target");
    const { secretAccessKey: _key, ...noKey } = s3;
    expect(() => new BackupTarget(chart, 'b', noKey)).toThrow("BackupTarget 'test/b': secretAccessKey: is required for an s3 backup target");
    expect(() => new BackupTarget(chart, 'c', { type: BackupTargetType.NFS })).toThrow("BackupTarget 'test/c': endpoint: is required for an nfs backup target");
    expect(() => new BackupTarget(chart, 'd', { type: BackupTargetType.NFS, endpoint: 'nfs://h:/x', bucketName: 'b' }))
      .toThrow("BackupTarget 'test/d': bucketName: is for S3 only; an NFS backup target has no bucket, region, credentials or certificate");
    expect(() => new BackupTarget(chart, 'e', { type: 'smb' as BackupTargetType, endpoint: 'x' })).toThrow("BackupTarget 'test/e': type: \"smb\" is invalid; allowed: BackupTargetType.S3 or BackupTargetType.NFS");
    expect(() => new BackupTarget(chart, 'f', { type: BackupTargetType.NFS, endpoint: 'nfs://h:/x', refreshInterval: Duration.millis(1500) }))
      .toThrow("BackupTarget 'test/f': refreshInterval: 1.5 is invalid; allowed: a whole number of seconds ≥ 0");
  });

  test('validation of a backup-target value written by hand (harvester.setting.backup-target)', () => {
    const setting = (value: string) => ({ apiVersion: 'harvesterhci.io/v1beta1', kind: 'Setting', metadata: { name: 'backup-target' }, value });
    const messages = (value: string) => ManifestValidator.check([setting(value)]).map((p) => p.message);
    expect(messages('{"type":"nfs","endpoint":"nfs://h:/x","accessKeyId":"AK","secretAccessKey":"S"}')).toEqual(['backup-target: an NFS target has no accessKeyId or secretAccessKey']);
    expect(messages('{"type":"s3","bucketName":"b"}')).toEqual(['backup-target: an S3 target needs bucketName and bucketRegion']);
    expect(messages('{"type":"s3","bucketName":"b","bucketRegion":"r","accessKeyId":"AK"}')).toEqual(['backup-target: an S3 target needs both accessKeyId and secretAccessKey, or neither (already configured)']);
    expect(messages('{"type":"ftp","endpoint":"x"}')).toEqual(['backup-target: type must be one of: s3, nfs']);
    expect(messages('{"type":"nfs","endpoint":"nfs://h:/x","refreshIntervalInSeconds":-1}')).toEqual(['backup-target: refreshIntervalInSeconds must be ≥ 0 (got -1)']);
    expect(messages('nfs://h:/x')).toEqual(['backup-target: must be JSON such as {"type":"nfs","endpoint":"nfs://server:/path"}']);
    // resetting to the default target and a configured S3 target without keys are accepted
    expect(messages('{"type":"","endpoint":"","accessKeyId":"","secretAccessKey":"","bucketName":"","bucketRegion":"","cert":"","virtualHostedStyle":false,"refreshIntervalInSeconds":0}')).toEqual([]);
    expect(messages('{"type":"s3","bucketName":"b","bucketRegion":"r"}')).toEqual([]);
  });
});
