import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConcurrentModificationError, type FieldError, ValidationError } from '../platform/errors.js';
import { logger } from '../platform/logger.js';
import { type FormErrors, mapFieldErrors } from '../platform/web/form-errors.js';
import { redirectResponse } from '../platform/web/response.js';
import * as publicMessages from '../public-pages/messages.js';
import {
  type FormAction,
  formAnchors,
  formFromRegistration,
  REGISTRATION_FORM_PARSE,
  type RegistrationFormState,
  readRegistrationForm,
  withExtraRow,
} from '../public-pages/registration-form.js';
import { addedRowFocus, fieldLabel } from '../public-pages/registration-form-page.js';
import {
  pickerArea,
  type VillageChoices,
  type VillageChoicesCache,
  villageChoices,
} from '../public-pages/village-choices.js';
import { DuplicateRegistrationError, ProfileNotEditableError } from '../registrations/errors.js';
import { type ChangedField, PROFILE_EDITABLE_STATUSES, PROFILE_FIELDS } from '../registrations/profile.js';
import type { Registration } from '../registrations/registration.js';
import {
  getRegistrationProfile,
  type RegistrationProfileDeps,
  updateRegistrationProfile,
} from '../registrations/registration-profile.js';
import { ProfileClosedPage, ProfilePage, type SavedNotice, VERSION_FIELD } from './profile-page.js';
import { workspacePaths } from './workspace-layout.js';
import {
  type Handler,
  readWorkspacePost,
  requireWorkspaceSession,
  type WorkspacePageDeps,
  type WorkspaceRequest,
  workspaceHtml,
} from './workspace-pages.js';

/** What the profile page needs besides the session: the profile use cases' ports and the village picker's cache. */
export interface WorkspaceProfileDeps
  extends Pick<WorkspacePageDeps, 'formSecret' | 'clock' | 'registrationReader'> {
  readonly profile: RegistrationProfileDeps;
  readonly villageChoices: VillageChoicesCache;
}

/** The names a change is reported under, in the order of the form. */
const CHANGED_FIELDS: readonly ChangedField[] = [
  'name',
  'villageCode',
  'sk.number',
  'sk.date',
  'officers',
  'memberCount',
  'focusAreas',
  'media',
];

/** The query of the page after a save: which fields changed (`-` for none), and whether it went back to review. */
const SAVED_PARAMETER = 'tersimpan';
const REVIEW_PARAMETER = 'tinjau';

const savedLocation = (changed: readonly ChangedField[], backToReview: boolean): string => {
  const query = new URLSearchParams({ [SAVED_PARAMETER]: changed.length === 0 ? '-' : changed.join(',') });
  if (backToReview) query.set(REVIEW_PARAMETER, '1');
  return `${workspacePaths.profile}?${query}`;
};

/**
 * The confirmation of the page after a save, read from its query. Only known field names count;
 * "back to review" is said only when the registration awaits its review now.
 */
const savedNoticeOf = (
  query: Readonly<Record<string, string | undefined>>,
  status: Registration['status'],
): SavedNotice | undefined => {
  const saved = query[SAVED_PARAMETER];
  if (saved === undefined) return undefined;
  const named = new Set(saved.split(','));
  return {
    changedFields: CHANGED_FIELDS.filter((field) => named.has(field)),
    backToReview: query[REVIEW_PARAMETER] === '1' && status === 'SUBMITTED',
  };
};

/** The village picker of the form: the regency (or district) of the village shown, else of the stored one. */
const villageGroupsFor = async (
  deps: WorkspaceProfileDeps,
  shown: string,
  stored: string,
): Promise<Extract<VillageChoices, { kind: 'villages' }>['groups']> => {
  const ports = { regions: deps.profile.regions, scope: deps.profile.scope, cache: deps.villageChoices };
  for (const code of [shown, stored]) {
    const choices = await villageChoices(ports, pickerArea(deps.profile.scope, code));
    if (choices?.kind === 'villages') return choices.groups;
  }
  throw new Error(`No villages to offer around ${stored}: are the regions seeded?`);
};

interface RenderOptions {
  readonly state: RegistrationFormState;
  readonly version: string;
  readonly status: Registration['status'];
  readonly httpStatus?: number;
  readonly errors?: FormErrors | undefined;
  readonly saved?: SavedNotice | undefined;
  readonly changedMeanwhile?: boolean;
  readonly notice?: string | undefined;
  readonly focus?: string | undefined;
}

const render = async (
  deps: WorkspaceProfileDeps,
  request: WorkspaceRequest,
  options: RenderOptions,
): Promise<APIGatewayProxyStructuredResultV2> =>
  workspaceHtml(
    request.event,
    ProfilePage({
      page: request.page,
      signedIn: request.signedIn,
      status: options.status,
      state: options.state,
      version: options.version,
      villageGroups: await villageGroupsFor(
        deps,
        options.state.villageCode,
        request.registration.villageCode,
      ),
      errors: options.errors,
      saved: options.saved,
      changedMeanwhile: options.changedMeanwhile ?? false,
      notice: options.notice,
      focus: options.focus,
    }),
    { status: options.httpStatus ?? 200 },
  );

const isEditable = (status: Registration['status']) =>
  (PROFILE_EDITABLE_STATUSES as readonly string[]).includes(status);

const closed = (request: WorkspaceRequest, status: Registration['status'], httpStatus = 200) =>
  workspaceHtml(
    request.event,
    ProfileClosedPage({ page: request.page, signedIn: request.signedIn, status }),
    {
      status: httpStatus,
    },
  );

/** The form as stored now: the profile read again (consistently), with its version. */
const current = async (deps: WorkspaceProfileDeps, request: WorkspaceRequest) => {
  const profile = await getRegistrationProfile(deps.profile, { id: request.registration.id });
  return { profile, state: formFromRegistration(profile), version: String(profile.version) };
};

/** GET `/kelola/profil`: the form, prefilled with the stored profile; after a save, what changed. */
const showProfile =
  (deps: WorkspaceProfileDeps) =>
  async (request: WorkspaceRequest): Promise<APIGatewayProxyStructuredResultV2> => {
    const { registration } = request;
    if (!isEditable(registration.status)) return closed(request, registration.status);
    return render(deps, request, {
      state: formFromRegistration(registration),
      version: String(registration.version),
      status: registration.status,
      saved: savedNoticeOf(request.page.query, registration.status),
    });
  };

/**
 * The post as the API's PATCH body. The form shows every profile field, so each one is named: an
 * emptied field is sent as absent-but-named (`undefined`) and the registration's rules then say
 * it is required, instead of the PATCH keeping the stored value. The version is a number when it
 * is one; anything else is judged (and refused) by the schema as sent.
 */
const patchBodyOf = (body: unknown, version: unknown): Record<string, unknown> => {
  const { [VERSION_FIELD]: _asTyped, ...fields } = body as Record<string, unknown>;
  return {
    ...fields,
    ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, fields[field]])),
    version: typeof version === 'string' && /^\d{1,12}$/.test(version) ? Number(version) : version,
  };
};

const errorsOf = (request: WorkspaceRequest, state: RegistrationFormState, errors: readonly FieldError[]) =>
  mapFieldErrors(errors, {
    anchors: formAnchors(state),
    lang: request.page.lang,
    label: (field) => fieldLabel(request.page.lang, field),
  });

/**
 * POST `/kelola/profil`: "add a row" renders the form again with one more (nothing written);
 * "save" updates the profile through `updateRegistrationProfile` (the API's use case and rules)
 * and answers 303 to the page with what changed. A refusal renders the form again: bad fields
 * (400) beside their inputs with every value kept; the SK claim held by another KIM (409) beside
 * the SK number; a profile changed meanwhile (409) with the data stored now and its version.
 */
const saveProfile =
  (deps: WorkspaceProfileDeps) =>
  async (request: WorkspaceRequest): Promise<APIGatewayProxyStructuredResultV2> => {
    const form = readWorkspacePost(deps, request, REGISTRATION_FORM_PARSE);
    const { registration, page } = request;
    const { body, state, controls } = readRegistrationForm(form);
    const versionSent = form[VERSION_FIELD];
    const version = typeof versionSent === 'string' ? versionSent : '';
    if (controls.action !== 'submit') {
      const next = withExtraRow(state, controls.action);
      return render(deps, request, {
        state: next,
        version,
        status: registration.status,
        notice: next === state ? undefined : publicMessages.form.rowAdded[page.lang],
        focus:
          next === state ? undefined : addedRowFocus(next, controls.action as Exclude<FormAction, 'submit'>),
      });
    }
    try {
      const updated = await updateRegistrationProfile(deps.profile, {
        id: registration.id,
        body: patchBodyOf(body, versionSent),
      });
      // Field names and statuses only: the values may be personal data.
      logger.info(updated.changedFields.length === 0 ? 'Profile unchanged' : 'Profile updated', {
        registrationId: updated.id,
        version: updated.version,
        status: updated.status,
        changedFields: updated.changedFields,
        backToReview: updated.backToReview,
        from: 'workspace',
      });
      return redirectResponse(request.event, savedLocation(updated.changedFields, updated.backToReview), {
        status: 303,
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        return render(deps, request, {
          state,
          version,
          status: registration.status,
          httpStatus: 400,
          errors: errorsOf(request, state, error.errors),
        });
      }
      if (error instanceof DuplicateRegistrationError) {
        return render(deps, request, {
          state,
          version,
          status: registration.status,
          httpStatus: 409,
          errors: errorsOf(request, state, [
            { field: 'sk.number', message: error.message, messageEn: error.messageEn },
          ]),
        });
      }
      if (error instanceof ProfileNotEditableError) {
        return closed(request, error.currentStatus as Registration['status'], 409);
      }
      if (error instanceof ConcurrentModificationError) {
        logger.info('Profile changed meanwhile', { registrationId: registration.id, from: 'workspace' });
        const now = await current(deps, request);
        if (!isEditable(now.profile.status)) return closed(request, now.profile.status, 409);
        return render(deps, request, {
          state: now.state,
          version: now.version,
          status: now.profile.status,
          httpStatus: 409,
          changedMeanwhile: true,
        });
      }
      throw error;
    }
  };

/** The profile page's routes, by route key: both behind the workspace session. */
export const profileRoutes = (deps: WorkspaceProfileDeps): Readonly<Record<string, Handler>> => ({
  'GET /kelola/profil': requireWorkspaceSession(deps, showProfile(deps)),
  'POST /kelola/profil': requireWorkspaceSession(deps, saveProfile(deps)),
});
