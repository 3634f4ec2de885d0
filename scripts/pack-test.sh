#!/usr/bin/env bash
# Packs the library with `npm pack` and uses it from a separate TypeScript app in a scratch
# directory, exactly as a user would: `import { ... } from 'gitvops'`, type-checked, synthesized.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
cat > package.json <<'JSON'
{ "name": "gitvops-pack-test", "version": "0.0.0", "private": true }
JSON
npm install --silent --no-audit --no-fund "./$tarball" \
  "cdk8s@$(node -p "require('$root/node_modules/cdk8s/package.json').version")" \
  "constructs@$(node -p "require('$root/node_modules/constructs/package.json').version")" \
  "typescript@$(node -p "require('$root/node_modules/typescript/package.json').version")" \
  "@types/node@$(node -p "require('$root/node_modules/@types/node/package.json').version")" \
  "cdk8s-plus-34@$(node -p "require('$root/node_modules/cdk8s-plus-34/package.json').version")"
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "outDir": "out", "types": ["node"] }, "include": ["app.ts"] }
JSON
cat > app.ts <<'TS'
import { App, Chart, Size } from 'cdk8s';
import { CloudInitSecret, Command, DiskSource, HarvesterVm, HarvesterVolume, NetworkSource } from 'gitvops';
import { Cdk8sPlus } from 'gitvops/plus';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'pack-test', { namespace: 'default' });
const root = HarvesterVolume.fromImage(chart, 'root', {
  name: 'pt-root', image: 'default/ubuntu', storageClass: 'lh-0000', size: Size.gibibytes(20),
});
const cloudInit = new CloudInitSecret(chart, 'ci', { name: 'pt-cloudinit', packages: ['qemu-guest-agent'] });
cloudInit.addCommand(Command.exec('systemctl', 'enable', '--now', 'qemu-guest-agent'));
new HarvesterVm(chart, 'vm', {
  name: 'pt',
  memory: Size.gibibytes(2),
  disks: [{ name: 'root', source: DiskSource.volume(root), bootOrder: 1 }],
  networks: [{ name: 'default', source: NetworkSource.pod() }],
  cloudInit,
});
if (Cdk8sPlus.secret(chart, 'ref', cloudInit).name !== 'pt-cloudinit') throw new Error('gitvops/plus');
app.synth();
TS
npx tsc -p tsconfig.json
node out/app.js
grep -q 'kind: VirtualMachine' dist/pack-test.k8s.yaml
grep -q 'claimName: pt-root' dist/pack-test.k8s.yaml
echo "pack test: $(basename "$tarball") installed and used from a separate app: OK"
