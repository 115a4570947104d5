/**
 * `npm run docs:sample-digest`: renders the digest of the test fixture (a small regency) and
 * writes it to docs/sample-digest.html, so the sample in the README is what the template makes.
 * A unit test fails when the file and the template drift apart.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildDigest } from '../../shared/digests/build-digest.js';
import { renderDigest } from '../../shared/digests/templates.js';
import {
  DIGEST_AT,
  digestRegions,
  FixtureDigestSource,
  LAST_RUN,
  SAMPLE_TEMPLATE_OPTIONS,
} from '../fixtures/digest.js';

export const SAMPLE_DIGEST_PATH = fileURLToPath(new URL('../../docs/sample-digest.html', import.meta.url));

/** The HTML part of the fixture's digest. */
export const renderSampleDigest = async (): Promise<string> => {
  const digest = await buildDigest(
    { regions: digestRegions(), source: new FixtureDigestSource() },
    { regionCode: '51.02', runId: DIGEST_AT, at: new Date(DIGEST_AT), lastRun: LAST_RUN },
  );
  return renderDigest(digest, SAMPLE_TEMPLATE_OPTIONS).html;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(SAMPLE_DIGEST_PATH, await renderSampleDigest(), 'utf8');
  console.log(`Wrote ${SAMPLE_DIGEST_PATH}`);
}
