import { test } from 'vitest';
import { fuzz, describeFindings } from './harness.js';
import { fixtureSeeds } from './corpus.js';
test('try', async () => {
  const base = Number(process.env.FUZZ_SEED ?? 1);
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const stats = await fuzz({ seeds: fixtureSeeds(), inputs: Number(process.env.FUZZ_N ?? 300), baseSeed: base, slowLog: Number(process.env.FUZZ_SLOW ?? 3000) } as never);
  const cpu = process.cpuUsage(c0);
  console.log(stats.refusals.join("\n")); console.log(JSON.stringify({ ...stats, refusals: 0, findings: stats.findings.length, wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 }));
  if (stats.findings.length) console.log(describeFindings(stats, base));
}, 900_000);
