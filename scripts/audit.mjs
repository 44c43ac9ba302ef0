// Dependency audit for CI: fails on any known high or critical advisory in the locked dependencies.
// When the registry's audit service cannot be reached or refuses the request, it says so loudly and
// does not fail the build: there is then nothing to judge, and the lockfile is unchanged.
import { spawnSync } from 'node:child_process';

const run = spawnSync('pnpm', ['audit', '--audit-level', 'high', '--json'], { encoding: 'utf8' });
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = output.match(/ERR_PNPM_[A-Z_]+/)?.[0] ?? output.trim().split('\n').at(-1) ?? 'no answer';
  console.log(
    `!!! dependency audit UNAVAILABLE: the registry's audit service did not answer (${reason}) !!!`,
  );
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `dependency audit: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
for (const advisory of Object.values(report.advisories ?? {})) {
  if (advisory.severity === 'high' || advisory.severity === 'critical') {
    console.log(
      `  ${advisory.severity}: ${advisory.module_name} ${advisory.vulnerable_versions} — ${advisory.title} (${advisory.url})`,
    );
  }
}
process.exit(serious > 0 ? 1 : 0);
