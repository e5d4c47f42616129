// loadFacts with worker threads (forced on small fixtures) must give what one
// thread gives, and report errors as a one-at-a-time load does: the first
// file's first. The worker is the built one, so these tests use dist/ (npm run build).
import { describe, it, expect } from 'vitest';
// @ts-expect-error: the built module (a worker thread cannot run the TypeScript source)
import { loadFacts } from '../dist/analysis/facts-parallel.js';
// @ts-expect-error: the built module, as above
import { snapshotDiff } from '../dist/analysis/diff.js';

const S = 'fixtures/snapshots';
const PARALLEL = { parallelAbove: 0 };
const SERIAL = { parallelAbove: Infinity };

async function failure(files: string[], opts: object): Promise<{ name: string; message: string }> {
  try {
    await loadFacts(files, opts);
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('expected the load to fail');
}

describe('loadFacts in parallel', () => {
  it('gives the same facts and diff as one thread, streamed in odd chunks too', async () => {
    const files = [`${S}/cache-before.json`, `${S}/cache-after.json`];
    const serial = await loadFacts(files, SERIAL);
    for (const opts of [PARALLEL, { ...PARALLEL, streamAbove: 0, chunkSize: 7 }]) {
      const parallel = await loadFacts(files, opts);
      expect(parallel).toEqual(serial);
      expect(parallel[0].graph.idIndex.get(parallel[0].graph.ids[3])).toBe(3);
      expect(snapshotDiff(parallel[0], parallel[1], { top: 100 })).toEqual(snapshotDiff(serial[0], serial[1], { top: 100 }));
    }
    const three = [`${S}/cycles.json`, `${S}/traps.json`, `${S}/cache-after.json`];
    expect(await loadFacts(three, PARALLEL)).toEqual(await loadFacts(three, SERIAL));
  });

  it('reports the first file\'s error first, with the same message as one thread', async () => {
    const cases = [
      [`${S}/bad/duplicate-id.json`, `${S}/cycles.json`],
      [`${S}/cycles.json`, `${S}/bad/truncated.json`],
      [`${S}/bad/truncated.json`, `${S}/bad/dangling-edge.json`],
      [`${S}/nope.json`, `${S}/bad/version-2.json`],
    ];
    for (const files of cases) {
      const serial = await failure(files, SERIAL);
      expect(serial.name).toBe('InputError');
      expect(await failure(files, PARALLEL)).toEqual(serial);
    }
  });
});
