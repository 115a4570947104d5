import * as z from 'zod/mini';
import { type Principal, requireAdmin } from '../auth/principal.js';
import { ValidationError } from '../platform/errors.js';
import { isRegionCode, REGION_LEVELS } from '../platform/region-codes.js';
import { bilingual, describeIssues } from '../platform/validation/messages.js';
import { withMeta } from '../platform/validation/meta.js';
import type { RegionRepository } from '../regions/region.js';
import { assertRegionInScope } from '../regions/region-field.js';
import { type RebuildCoverageDeps, type RebuildReport, rebuildCoverage } from './rebuild.js';

/** Body of POST /admin/coverage/rebuild; empty means the whole deployment scope. */
export const rebuildCoverageInputSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      regionCode: withMeta(
        z.optional(
          z
            .string()
            .check(
              z.refine(
                (code: string) => isRegionCode(code) && code.split('.').length < 4,
                bilingual(
                  'Kode wilayah harus kode kecamatan atau lebih luas, contoh 51.02.05, 51.02, 51 atau ID.',
                  'Region code must be a district or a larger region, such as 51.02.05, 51.02, 51 or ID.',
                ),
              ),
            ),
        ),
        {
          description: 'District or larger region to rebuild; defaults to the whole deployment scope',
          examples: ['51.02'],
        },
      ),
    }),
    { id: 'RebuildCoverageInput' },
  ))();

const count = /* @__PURE__ */ (() => z.number().check(z.int()))();

/** The answer of POST /admin/coverage/rebuild (and what the CLI prints). */
export const rebuildReportSchema = /* @__PURE__ */ (() =>
  withMeta(
    z.strictObject({
      regionCode: z.string(),
      regionsChecked: withMeta(count, {
        description: 'Villages and regions above them compared with the recount',
      }),
      regionsDrifted: count,
      details: z.array(
        z.strictObject({
          code: z.string(),
          level: z.enum(REGION_LEVELS),
          drift: withMeta(
            z.strictObject({
              covered: count,
              pendingOnly: count,
              submitted: count,
              verified: count,
              rejected: count,
              deactivated: count,
            }),
            { description: 'What the repair added to each counter (expected − stored)' },
          ),
        }),
      ),
      registrationsInFlight: withMeta(count, {
        description: 'Registrations changed in the last 15 minutes, left to the pipeline',
      }),
      registrationsCounted: count,
    }),
    { id: 'CoverageRebuildReport' },
  ))();

export interface RebuildCoverageRequestDeps extends RebuildCoverageDeps {
  readonly regions: RegionRepository;
  readonly scope: string;
}

/** An admin asks for a rebuild of one region (or the whole scope): validated, then run. */
export const requestCoverageRebuild = async (
  deps: RebuildCoverageRequestDeps,
  principal: Principal,
  body: unknown,
): Promise<RebuildReport> => {
  requireAdmin(principal, { id: 'menghitung ulang cakupan', en: 'rebuild the coverage counters' });
  const parsed = rebuildCoverageInputSchema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
  const regionCode = parsed.data.regionCode ?? deps.scope;
  await assertRegionInScope(deps, 'regionCode', regionCode);
  return rebuildCoverage(regionCode, deps);
};
