#!/usr/bin/env node
// After `tsc`, copies the CRD files and the generated validators next to the compiled imports,
// so the library finds them at the same relative path from source (lib/ → imports/) and from
// the package (dist-lib/lib → dist-lib/imports).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
for (const dir of ['crds', 'validators']) {
  fs.cpSync(path.join(root, 'imports', dir), path.join(root, 'dist-lib', 'imports', dir), { recursive: true });
}
