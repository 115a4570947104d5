import type { ReportReader } from '../activity-reports/ports.js';
import type { ActivityReportCounts } from './ports.js';

/** Reports read per page while summarising a KIM's activities (a KIM keeps at most 1000). */
const PAGE_SIZE = 100;

/**
 * The activity reports of the registry as award rounds count them, read through the activity
 * reports feature's reader port: every report of the KIM (they are listed by when they were made,
 * not by the activity's date, so all are read), of which those dated in the period count.
 */
export const registryActivityReports = (reports: Pick<ReportReader, 'list'>): ActivityReportCounts => ({
  async summary(registrationId, period) {
    let count = 0;
    let ppid = 0;
    const links = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await reports.list(registrationId, { limit: PAGE_SIZE, cursor });
      for (const report of page.items) {
        if (report.date < period.start || report.date > period.end) continue;
        count++;
        if (report.type === 'KEMITRAAN_PPID') ppid++;
        for (const link of report.links) links.add(link);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return { reports: count, informationProductLinks: links.size, ppidPartnershipReports: ppid };
  },
});
