#!/usr/bin/env bash
# `npm run test:contract`: GitVopsApp against the oldest and the newest cdk8s of the peer range.
# The library is packed once; for each cdk8s release a scratch project installs the tarball with
# that cdk8s side by side, and scripts/contract/cdk8s-contract.js checks the contract there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

range=$(node -p "require('$root/package.json').peerDependencies.cdk8s")
oldest=${range#^}
newest=$(npm view "cdk8s@$range" version --json | node -e "
  const v = [].concat(JSON.parse(require('fs').readFileSync(0, 'utf8')));
  v.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  console.log(v.pop());")
constructs=$(node -p "require('$root/node_modules/constructs/package.json').version")

cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
for version in $(printf '%s\n' "$oldest" "$newest" | sort -u); do
  dir="$work/cdk8s-$version"
  mkdir -p "$dir"
  cd "$dir"
  echo '{ "name": "gitvops-contract", "version": "0.0.0", "private": true }' > package.json
  npm install --silent --no-audit --no-fund "$work/$tarball" "cdk8s@$version" "constructs@$constructs"
  # run from the scratch project, so that cdk8s, constructs and gitvops resolve there
  cp "$root/scripts/contract/cdk8s-contract.js" .
  node cdk8s-contract.js
done
