// A scan of a test project with the pre-filter, checked against one without it: the pre-filter
// must never change a report (see src/analyze/prefilter.ts).
import { expect } from 'vitest';
import { analyze } from '../../src/pipeline.js';
import type { Report } from '../../src/types.js';

/** The report of an uncached scan of `root`, after checking that without the pre-filter it is the same. */
export async function scanWithAndWithoutPrefilter(root: string): Promise<Report> {
  const filtered = await analyze({ root, cache: false });
  const unfiltered = await analyze({ root, cache: false, prefilter: false });
  expect(filtered.findings).toEqual(unfiltered.findings);
  expect(filtered.directive).toEqual(unfiltered.directive);
  return filtered;
}
