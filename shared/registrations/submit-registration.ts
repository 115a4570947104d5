import { createHash } from 'node:crypto';
import { type Clock, todayInIndonesia } from '../clock.js';
import {
  DuplicateRegistrationError,
  type FieldError,
  IDEMPOTENCY_KEY_PATTERN,
  IdempotencyKeyReuseError,
  ValidationError,
} from '../errors.js';
import { isWithin, parentOf } from '../regions/codes.js';
import type { RegionRepository } from '../regions/region.js';
import { bilingual, describeIssues } from '../validation/messages.js';
import type { IdempotencyRecord, RegistrationRepository } from './ports.js';
import { normalizeSkNumber, type Registration, toStatusView } from './registration.js';
import { type RegistrationStatusView, registrationInputSchema } from './schema.js';

/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface SubmitRegistrationDeps {
  readonly registrations: RegistrationRepository;
  readonly regions: RegionRepository;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The deployment scope (region code); villages outside it are refused. */
  readonly scope: string;
}

export interface SubmitRegistrationRequest {
  /** The parsed JSON body, not yet validated. */
  readonly body: unknown;
  readonly idempotencyKey?: string | undefined;
}

export interface SubmitRegistrationResult {
  readonly registration: RegistrationStatusView;
  /** True when this answers a repeated Idempotency-Key rather than creating anything. */
  readonly replayed: boolean;
}

/** Text written as is while walking a value (a JSON body never holds class instances). */
class Literal {
  constructor(readonly text: string) {}
}

/**
 * JSON with object keys sorted, so equal bodies hash equally whatever their key order. Walks with
 * its own stack: a 64 KB body can nest 30,000 deep, which would overflow the call stack (a 500).
 */
const canonicalJson = (root: unknown): string => {
  const parts: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value instanceof Literal) {
      parts.push(value.text);
      continue;
    }
    const tokens: unknown[] = [];
    if (Array.isArray(value)) {
      tokens.push(new Literal('['));
      value.forEach((item, index) => {
        if (index > 0) tokens.push(new Literal(','));
        tokens.push(item);
      });
      tokens.push(new Literal(']'));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
      tokens.push(new Literal('{'));
      entries.forEach(([key, item], index) => {
        tokens.push(new Literal(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`), item);
      });
      tokens.push(new Literal('}'));
    } else {
      parts.push(JSON.stringify(value));
      continue;
    }
    for (let index = tokens.length - 1; index >= 0; index--) pending.push(tokens[index]);
  }
  return parts.join('');
};

const hashBody = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');

const field = (name: string, message: { params: { id: string; en: string } }): FieldError => ({
  field: name,
  message: message.params.id,
  messageEn: message.params.en,
});

const replayOrRefuse = (record: IdempotencyRecord, bodyHash: string): SubmitRegistrationResult => {
  if (record.bodyHash !== bodyHash) throw new IdempotencyKeyReuseError();
  return { registration: record.response, replayed: true };
};

/**
 * Registers a newly formed KIM. Validates the body field by field, checks the village exists and
 * lies in scope, and stores the registration atomically with its duplicate claim and idempotency
 * record: however many identical requests race, one registration results.
 */
export const submitRegistration = async (
  deps: SubmitRegistrationDeps,
  request: SubmitRegistrationRequest,
): Promise<SubmitRegistrationResult> => {
  const { idempotencyKey } = request;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new ValidationError([
      field(
        'Idempotency-Key',
        bilingual(
          'Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
          'The Idempotency-Key header must be 1–255 visible ASCII characters.',
        ),
      ),
    ]);
  }
  const bodyHash = hashBody(request.body);
  if (idempotencyKey !== undefined) {
    const record = await deps.registrations.getIdempotencyRecord(idempotencyKey);
    if (record) return replayOrRefuse(record, bodyHash);
  }

  const now = deps.clock.now();
  const parsed = registrationInputSchema(todayInIndonesia(now)).safeParse(request.body, {
    reportInput: true,
  });
  const errors: FieldError[] = parsed.success ? [] : describeIssues(parsed.error.issues);
  const villageCode = parsed.success
    ? parsed.data.villageCode
    : (request.body as { villageCode?: unknown } | null)?.villageCode;
  const villageCodeValid =
    typeof villageCode === 'string' && !errors.some((error) => error.field === 'villageCode');

  let village: Awaited<ReturnType<RegionRepository['get']>>;
  if (villageCodeValid) {
    if (!isWithin(deps.scope, villageCode)) {
      errors.push(
        field(
          'villageCode',
          bilingual(
            `Desa ${villageCode} berada di luar wilayah layanan ini (${deps.scope}).`,
            `Village ${villageCode} is outside the area this deployment serves (${deps.scope}).`,
          ),
        ),
      );
    } else {
      village = await deps.regions.get(villageCode);
      if (village?.level !== 'village') {
        errors.push(
          field(
            'villageCode',
            bilingual(
              `Desa dengan kode ${villageCode} tidak ditemukan.`,
              `No village with code ${villageCode} exists.`,
            ),
          ),
        );
      }
    }
  }
  if (!parsed.success || errors.length > 0 || village === undefined) throw new ValidationError(errors);

  const input = parsed.data;
  const districtCode = parentOf(input.villageCode) ?? '';
  const regencyCode = parentOf(districtCode) ?? '';
  const timestamp = now.toISOString();
  const registration: Registration = {
    ...input,
    id: deps.newId(),
    villageName: village.name,
    districtCode,
    regencyCode,
    provinceCode: parentOf(regencyCode) ?? '',
    skNumberNormalized: normalizeSkNumber(input.sk.number),
    status: 'SUBMITTED',
    submittedAt: timestamp,
    updatedAt: timestamp,
    version: 1,
  };
  const view = toStatusView(registration);
  const idempotency: IdempotencyRecord | undefined =
    idempotencyKey === undefined
      ? undefined
      : {
          key: idempotencyKey,
          bodyHash,
          response: view,
          expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
        };

  const outcome = await deps.registrations.create(registration, idempotency);
  switch (outcome.kind) {
    case 'created':
      return { registration: view, replayed: false };
    case 'duplicate':
      throw new DuplicateRegistrationError(outcome.existingId);
    case 'idempotency-key-taken':
      return replayOrRefuse(outcome.record, bodyHash);
  }
};
