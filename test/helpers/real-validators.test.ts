import { checkCloudConfig, checkNetworkConfig, hasCloudInit, hasNetplan } from './real-validators';

// The real validators must be able to say no: a check that cannot fail proves nothing.
describe('real validators reject what they should', () => {
  test('cloud-init rejects a wrong type and a missing header', () => {
    if (!hasCloudInit() && process.env.CI !== 'true') return;
    expect(checkCloudConfig('#cloud-config\nhostname: a\n')).toEqual([]);
    expect(checkCloudConfig('#cloud-config\nwrite_files:\n  - content: x\n').join('\n')).toMatch(/required property 'path'/);
    expect(checkCloudConfig('#cloud-config\nruncmd: 5\n').join('\n')).toMatch(/runcmd/);
    expect(checkCloudConfig('hostname: a\n')).toEqual(['user data does not start with "#cloud-config"']);
  });

  test('netplan rejects a malformed address and accepts a good config', () => {
    if (!hasNetplan() && process.env.CI !== 'true') return;
    expect(checkNetworkConfig('network:\n  version: 2\n  ethernets:\n    enp1s0:\n      dhcp4: true\n')).toEqual([]);
    expect(checkNetworkConfig('network:\n  version: 2\n  ethernets:\n    enp1s0:\n      addresses: [10.0.0.300/24]\n').join('\n')).toMatch(/netplan generate: exit [1-9]/);
  });
});
