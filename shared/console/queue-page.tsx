import type { Principal } from '../auth/principal.js';
import type { TermStatus } from '../documents/term-expiry.js';
import { Select, type SelectGroup, type SelectOption, TextInput } from '../platform/web/form-fields.js';
import { formatDate } from '../platform/web/format.js';
import type { PageContext } from '../platform/web/page-context.js';
import type { Region } from '../regions/region.js';
import { REGISTRATION_STATUSES } from '../registrations/schema.js';
import { ConsoleLayout, type SignedIn } from './console-layout.js';
import { messages, text } from './messages.js';
import type { QueueFilter, QueuePage as QueueResult } from './review-queue.js';
import { consolePaths } from './sign-in.js';

/** The regions the filter offers: the officer's own region's children, and a chosen district's villages. */
export interface RegionChoices {
  readonly own: Region;
  readonly children: readonly Region[];
  /** The villages of the district chosen in the filter, when it is below the officer's own region. */
  readonly chosenDistrict?: { readonly district: Region; readonly villages: readonly Region[] } | undefined;
}

export interface QueuePageProps {
  readonly page: PageContext;
  readonly signedIn: SignedIn & { readonly principal: Principal };
  readonly filter: QueueFilter;
  readonly result: QueueResult;
  readonly regions: RegionChoices;
  /** The current terms of the listed registrations, by id (none for a registration without an SK version). */
  readonly terms?: ReadonlyMap<string, TermStatus> | undefined;
}

const queueHref = (filter: QueueFilter, cursor: string | undefined) => {
  const params = new URLSearchParams();
  if (filter.region) params.set('wilayah', filter.region);
  params.set('status', filter.status);
  if (filter.search) params.set('q', filter.search);
  if (cursor) params.set('cursor', cursor);
  return `${consolePaths.queue}?${params.toString()}`;
};

/** The review queue: filters (a GET form, so a filtered queue is a link), the table, the pager. */
export const QueuePage = ({ page, signedIn, filter, result, regions, terms }: QueuePageProps) => {
  const t = text(page.lang);
  const regionOptions: (SelectOption | SelectGroup)[] = [
    { value: '', label: `${t(messages.queue.allRegion)} (${regions.own.name})` },
    ...(regions.children.length > 0
      ? [
          {
            label: regions.own.name,
            options: regions.children.map((r) => ({ value: r.code, label: r.name })),
          },
        ]
      : []),
    ...(regions.chosenDistrict
      ? [
          {
            label: regions.chosenDistrict.district.name,
            options: regions.chosenDistrict.villages.map((r) => ({ value: r.code, label: r.name })),
          },
        ]
      : []),
  ];
  const statusOptions = [
    { value: 'ALL', label: t(messages.queue.allStatuses) },
    ...REGISTRATION_STATUSES.map((status) => ({ value: status, label: t(messages.statuses[status]) })),
  ];
  return (
    <ConsoleLayout page={page} title={t(messages.queue.title)} section="queue" signedIn={signedIn}>
      <h1>{t(messages.queue.title)}</h1>
      <p class="lead">{t(messages.queue.intro)}</p>
      <form class="filter" method="get" action={consolePaths.queue}>
        <fieldset>
          <legend>{t(messages.queue.filters)}</legend>
          <div class="filter-row">
            <Select
              name="wilayah"
              label={t(messages.queue.region)}
              value={filter.region ?? ''}
              options={regionOptions}
              errorPrefix={t(messages.detail.errorPrefix)}
            />
            <Select
              name="status"
              label={t(messages.queue.status)}
              value={filter.status}
              options={statusOptions}
              errorPrefix={t(messages.detail.errorPrefix)}
            />
            <TextInput
              name="q"
              label={t(messages.queue.search)}
              value={filter.search}
              type="text"
              errorPrefix={t(messages.detail.errorPrefix)}
            />
            <button type="submit">{t(messages.queue.apply)}</button>
          </div>
        </fieldset>
      </form>
      {result.items.length === 0 ? (
        <p class="notice" data-testid="queue-empty">
          {t(messages.queue.none)}
        </p>
      ) : (
        <div class="table-wrap">
          <table data-testid="queue">
            <caption>{t(messages.queue.caption)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(messages.queue.name)}</th>
                <th scope="col">{t(messages.queue.village)}</th>
                <th scope="col">{t(messages.queue.status)}</th>
                <th scope="col">{t(messages.queue.submitted)}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((item) => (
                <tr data-id={item.id}>
                  <td>
                    <a href={consolePaths.registration(item.id)}>{item.name}</a>
                  </td>
                  <td>
                    {item.villageName} <span class="muted">{item.villageCode}</span>
                  </td>
                  <td>
                    <span class={`tag ${item.status.toLowerCase()}`}>
                      {t(messages.statuses[item.status])}
                    </span>
                    {terms?.get(item.id)?.expired ? (
                      <span class="tag expired" data-testid="sk-expired">
                        {t(messages.expired)}
                      </span>
                    ) : null}
                  </td>
                  <td>{formatDate(item.submittedAt, page.lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="pager">
        {filter.cursor ? <a href={queueHref(filter, undefined)}>{t(messages.queue.first)}</a> : null}{' '}
        {result.nextCursor ? (
          <a href={queueHref(filter, result.nextCursor)} rel="next">
            {t(messages.queue.next)}
          </a>
        ) : null}
      </p>
    </ConsoleLayout>
  );
};
