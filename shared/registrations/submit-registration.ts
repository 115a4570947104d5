import { createHash } from 'node:crypto';
import type { Clock } from '../platform/clock.js';
import { IDEMPOTENCY_KEY_PATTERN, IdempotencyKeyReuseError, ValidationError } from '../platform/errors.js';
import { bilingual } from '../platform/validation/messages.js';
import type { RegionRepository } from '../regions/region.js';
import { newEditToken, openEditToken, sealEditToken, sha256Hex } from './edit-token.js';
import { DuplicateRegistrationError } from './errors.js';
import type { IdempotencyRecord, RegistrationRepository } from './ports.js';
import { normalizeSkNumber, type Registration, toStatusView } from './registration.js';
import { fieldError, placeOf, validateRegistrationInput } from './registration-input.js';
import type { RegistrationCreated } from './schema.js';

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
  /** The status view and the edit token (the only time it is shown). */
  readonly registration: RegistrationCreated;
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

export const hashBody = (body: unknown): string =>
  createHash('sha256').update(canonicalJson(body)).digest('hex');

const replayOrRefuse = (
  record: IdempotencyRecord,
  bodyHash: string,
  idempotencyKey: string,
): SubmitRegistrationResult => {
  if (record.bodyHash !== bodyHash) throw new IdempotencyKeyReuseError();
  const editToken = openEditToken(record.sealedEditToken, idempotencyKey, record.keyHash);
  return { registration: { ...record.response, editToken }, replayed: true };
};

/**
 * Registers a newly formed KIM. Validates the body field by field, checks the village exists and
 * lies in scope, and stores the registration atomically with its duplicate claim and its SUBMIT
 * audit entry, and its idempotency record: however many identical requests race, one registration
 * results, and a repeated key answers what its first request got. The answer carries a fresh edit
 * token, of which only the hash is stored.
 */
export const submitRegistration = async (
  deps: SubmitRegistrationDeps,
  request: SubmitRegistrationRequest,
): Promise<SubmitRegistrationResult> => {
  const { idempotencyKey } = request;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
    throw new ValidationError([
      fieldError(
        'Idempotency-Key',
        bilingual(
          'Header Idempotency-Key harus 1–255 karakter ASCII yang terlihat.',
          'The Idempotency-Key header must be 1–255 visible ASCII characters.',
        ),
      ),
    ]);
  }
  const bodyHash = hashBody(request.body);
  const keyHash = idempotencyKey === undefined ? undefined : sha256Hex(idempotencyKey);

  const now = deps.clock.now();
  let valid: Awaited<ReturnType<typeof validateRegistrationInput>>;
  try {
    valid = await validateRegistrationInput(deps, request.body, now);
  } catch (error) {
    // A key used before answers as it did whatever the body is now (422 for another body), as
    // long as its registration is stored; only then is the request's own fault reported.
    if (error instanceof ValidationError && idempotencyKey !== undefined && keyHash !== undefined) {
      const record = await deps.registrations.getIdempotencyRecord(keyHash);
      if (
        record &&
        (record.bodyHash !== bodyHash ||
          (await deps.registrations.get(record.response.id, { consistent: true })))
      ) {
        return replayOrRefuse(record, bodyHash, idempotencyKey);
      }
    }
    throw error;
  }
  const { input, village } = valid;
  const timestamp = now.toISOString();
  const editToken = newEditToken();
  const registration: Registration = {
    ...input,
    id: deps.newId(),
    villageName: village.name,
    ...placeOf(input.villageCode),
    skNumberNormalized: normalizeSkNumber(input.sk.number),
    status: 'SUBMITTED',
    submittedAt: timestamp,
    updatedAt: timestamp,
    version: 1,
    editTokenHash: sha256Hex(editToken),
  };
  const view = toStatusView(registration);
  const idempotency: IdempotencyRecord | undefined =
    idempotencyKey === undefined || keyHash === undefined
      ? undefined
      : {
          keyHash,
          bodyHash,
          response: view,
          sealedEditToken: sealEditToken(editToken, idempotencyKey, keyHash),
          editTokenHash: registration.editTokenHash,
          expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
        };

  const outcome = await deps.registrations.create(registration, idempotency);
  switch (outcome.kind) {
    case 'created':
      return { registration: { ...view, id: outcome.id, editToken }, replayed: false };
    case 'duplicate':
      throw new DuplicateRegistrationError(outcome.existingId);
    case 'idempotency-key-taken':
      // Only reached with a key: `create` reports a taken key only when given a record.
      return replayOrRefuse(outcome.record, bodyHash, idempotencyKey ?? '');
  }
};
