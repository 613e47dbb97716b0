// `npm test` drives Debian's Chromium through playwright-core. Install it when missing and we can
// (root on Debian/Ubuntu: apt-get install -y chromium); otherwise stop with the exact command to run.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.error(JSON.stringify({ event: 'ensure-chromium', action: 'apt-get install -y chromium' }));
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    console.error('Installing Chromium failed. Run: apt-get update && apt-get install -y chromium');
    process.exit(1);
  }
  if (existsSync(CHROMIUM)) process.exit(0);
}
console.error(
  `Chromium is missing at ${CHROMIUM}. The browser tests need it. Run:\n` +
    (hasApt
      ? '  sudo apt-get install -y chromium\n'
      : '  install Chromium and set CHROMIUM_PATH=/path/to/chromium\n'),
);
process.exit(1);
