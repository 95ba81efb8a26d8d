// Runs the browser checks and prints one line per check, then "browser: N passed, M failed".
//   node main.js [--stage harness|gateway|truth|all]
// Expects the builds done (tests/browser/run does them). Exit 0 only if every check passed.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayStage } from './gateway_stage.js';
import { harnessStage } from './harness_stage.js';
import { Checks } from './lib/checks.js';
import { truthStage } from './truth_stage.js';
import { stopAll } from './lib/processes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(root, 'build/browser-artifacts');
// The build whose binaries are checked; tests/browser/run builds build/default.
const build = resolve(root, process.env.VIGIE_BUILD_DIR || 'build/default');
const stageArg = process.argv.indexOf('--stage');
const which = stageArg > 0 ? process.argv[stageArg + 1] : 'all';

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });

const all = [];
async function stage(name, fn) {
  const checks = new Checks(name);
  console.log(`== stage ${name}`);
  try {
    await fn(checks);
  } catch (err) {
    checks.record('stage set-up', false, err.message.split('\n')[0], Date.now());
  } finally {
    await stopAll();
  }
  all.push(...checks.results);
}

process.on('SIGINT', async () => { await stopAll(); process.exit(130); });

if (which === 'all' || which === 'harness') {
  await stage('harness', (c) => harnessStage(c, { build, artifacts }));
}
if (which === 'all' || which === 'gateway') {
  await stage('gateway', (c) => gatewayStage(c, { build, artifacts, work: join(artifacts, 'gateway-work') }));
}
if (which === 'all' || which === 'truth') {
  await stage('truth', (c) => truthStage(c, { build, artifacts, work: join(artifacts, 'truth-work') }));
}

const failed = all.filter((r) => !r.ok);
if (failed.length) {
  console.log('\nFailures:');
  for (const r of failed) console.log(`  - [${r.stage}] ${r.name}: ${r.detail}`);
}
console.log(`\nscreenshots and logs: ${artifacts}`);
console.log(`browser: ${all.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
