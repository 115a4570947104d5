import { requireAdmin } from '../../shared/auth/principal.js';
import { principalOf } from '../../shared/auth/request-principal.js';
import { DigestDeliveryError, type SendDigestsDeps, sendDigests } from '../../shared/digests/send-digests.js';
import { sendDigestsNowSchema } from '../../shared/digests/send-schemas.js';
import { sendDependencies } from '../../shared/digests/wiring.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { type HttpHandler, httpHandler } from '../../shared/platform/http/handler.js';
import { readOptionalJsonBody } from '../../shared/platform/http/json-body.js';
import { json } from '../../shared/platform/http/responses.js';
import { logger } from '../../shared/platform/logger.js';
import { describeIssues } from '../../shared/platform/validation/messages.js';
import { assertRegionInScope } from '../../shared/regions/region-field.js';

const dependencies = sendDependencies();

/** POST /admin/digests/send: sends the digests now (admin only), answering the counts per region. */
export const sendDigestsNow =
  (deps: SendDigestsDeps): HttpHandler =>
  async (event) => {
    const principal = principalOf(event, deps.scope);
    requireAdmin(principal, { id: 'mengirim ringkasan cakupan', en: 'send the coverage digests' });
    const body = readOptionalJsonBody(event);
    const parsed = sendDigestsNowSchema.safeParse(body === undefined ? {} : body, { reportInput: true });
    if (!parsed.success) throw new ValidationError(describeIssues(parsed.error.issues));
    const { regionCode } = parsed.data;
    if (regionCode !== undefined) await assertRegionInScope(deps, 'regionCode', regionCode);
    const at = deps.clock.now();
    const runId = `manual-${at.toISOString()}`;
    try {
      const result = await sendDigests(deps, { runId, at, regionCode });
      logger.info('Digests sent now', { runId, regions: result.regions });
      return json(200, result);
    } catch (error) {
      if (!(error instanceof DigestDeliveryError)) throw error;
      logger.error('Digests sent now with failures', { runId, regions: error.result.regions });
      return json(502, {
        message: 'Sebagian ringkasan gagal dikirim; kirim ulang nanti.',
        messageEn: 'Some digests could not be sent; send again later.',
        ...error.result,
      });
    }
  };

export const handler = httpHandler(sendDigestsNow(dependencies));
