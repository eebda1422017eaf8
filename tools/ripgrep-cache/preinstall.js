// @vscode/ripgrep (inside code-server) downloads rg from GitHub in its postinstall, unless
// it finds the release archive in its cache under os.tmpdir(). npm runs this package's
// preinstall before code-server's postinstall, so we put Debian's rg (the same ripgrep
// 13.0.0) there as that archive. Without /usr/bin/rg we do nothing and the download runs.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

// The @vscode/ripgrep version bundled by code-server 4.100.3 and the rg release it fetches.
const PACKAGE_VERSION = '1.15.11';
const RELEASE = 'v13.0.0-10';
const RG = '/usr/bin/rg';

// Same target naming as @vscode/ripgrep's postinstall, for the platforms Debian's rg covers.
const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
const target = os.platform() === 'linux' && targets[process.env.npm_config_arch || os.arch()];

if (!target || !fs.existsSync(RG)) {
  console.log(`ripgrep-cache: no ${RG} for this platform; @vscode/ripgrep will download rg`);
  process.exit(0);
}

const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${PACKAGE_VERSION}`);
const archive = path.join(cacheDir, `ripgrep-${RELEASE}-${target}.tar.gz`);
if (!fs.existsSync(archive)) {
  fs.mkdirSync(cacheDir, { recursive: true });
  // The release archives hold rg at their top level.
  execFileSync('tar', ['czf', archive, '-C', path.dirname(RG), path.basename(RG)]);
}
console.log(`ripgrep-cache: ${archive} from ${RG}`);
