import type { Principal } from '../auth/principal.js';
import { getRanking } from './judging.js';
import type { Entry, JurorAssignment, ScoreSheet } from './model.js';
import { fraction, toDecimal } from './ranking.js';
import type { FractionView, RankingView } from './ranking-view.js';
import type { Round, TieBreakRule } from './round.js';
import type { AwardCoreDeps } from './round-access.js';

/** A cell of the score sheet: a number stays a number, text stays text (never a formula). */
export type SheetCell = string | number | null;

export interface SheetTable {
  readonly name: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly SheetCell[]>;
}

/** The jury's score sheet of a round: the scores, the round's rules, the ineligible entries. */
export interface ScoreSheetTables {
  readonly fileName: string;
  readonly scores: SheetTable;
  readonly rules: SheetTable;
  readonly ineligible: SheetTable;
}

const TIE_BREAK_LABELS: Readonly<Record<TieBreakRule, string>> = {
  HEAVIEST_CRITERION: 'nilai lebih tinggi pada kriteria terberat',
  MORE_ACTIVITY_REPORTS: 'laporan kegiatan lebih banyak dalam periode',
  EARLIER_ENTRY: 'pendaftaran lebih awal',
};
const STANDING_LABELS = {
  COMPLETE: 'Lengkap',
  INCOMPLETE: 'Belum lengkap: rata-rata juri yang menilai',
  UNRANKED: 'Tidak diperingkat: nilai belum lengkap',
} as const;
/** Marks in a juror's score cell when there is no score. */
export const SCORE_MARKS = { missing: 'KOSONG', conflict: 'KONFLIK', notExpected: '-' } as const;

const rounded = (view: FractionView | undefined): number | null =>
  view === undefined ? null : Number(view.value);
const exact = (view: { numerator: string; denominator: string } | undefined): string =>
  view === undefined ? '' : `${view.numerator}/${view.denominator}`;

/**
 * The score sheet's tables (a pure function of what is stored): one row per entry and criterion,
 * in ranking order, with each juror's score and note, the mean, the weighted score, the total,
 * rank, standing, tie-break and the missing scores; a juror's cell says KOSONG for a missing score
 * and KONFLIK for an entry of a village they declared a conflict with. Headers in Indonesian.
 */
export const scoreSheetTables = (
  round: Round,
  ranking: RankingView,
  published: boolean,
  entries: readonly Entry[],
  jurors: readonly JurorAssignment[],
  sheets: readonly ScoreSheet[],
): ScoreSheetTables => {
  const entryOf = new Map(entries.map((entry) => [entry.id, entry]));
  const sheetOf = new Map(sheets.map((sheet) => [`${sheet.entryId}\u0000${sheet.jurorSub}`, sheet]));
  const ordered = [...jurors].sort((a, b) =>
    a.username < b.username ? -1 : a.username > b.username ? 1 : 0,
  );
  const criterionName = new Map(round.criteria.map((criterion) => [criterion.id, criterion.name]));
  const nameOf = (id: string) => entryOf.get(id)?.name ?? id;
  const headers = [
    'Peringkat',
    'ID Peserta',
    'Nama KIM',
    'Desa',
    'Kriteria',
    'Bobot',
    ...ordered.flatMap((juror) => [`Nilai ${juror.username}`, `Catatan ${juror.username}`]),
    'Rata-rata',
    'Rata-rata (pecahan tepat)',
    'Nilai Tertimbang',
    'Total Tertimbang',
    'Total (pecahan tepat)',
    'Status',
    'Penentu Seri',
    'Nilai Kosong',
  ];
  const rows = ranking.entries.flatMap((result) => {
    const entry = entryOf.get(result.entryId);
    const tie =
      result.tie === undefined
        ? ''
        : result.tie.brokenBy === null
          ? `Seri dengan ${nameOf(result.tie.withEntryId)}: peringkat sama`
          : `Seri dengan ${nameOf(result.tie.withEntryId)}: di bawahnya karena ${TIE_BREAK_LABELS[result.tie.brokenBy]}`;
    return result.criteria.map((criterion): SheetCell[] => {
      const missing = result.missing.filter((pair) => pair.criterionId === criterion.criterionId);
      const weighted =
        criterion.mean === undefined
          ? null
          : Number(
              toDecimal(
                fraction(
                  BigInt(criterion.weight) * BigInt(criterion.mean.numerator),
                  100n * BigInt(criterion.mean.denominator),
                ),
              ),
            );
      return [
        result.rank,
        result.entryId,
        entry?.name ?? '',
        entry === undefined ? '' : `${entry.villageName} (${entry.villageCode})`,
        `${criterion.criterionId}: ${criterionName.get(criterion.criterionId) ?? ''}`,
        criterion.weight,
        ...ordered.flatMap((juror): SheetCell[] => {
          if (entry !== undefined && juror.conflictVillages.includes(entry.villageCode)) {
            return [SCORE_MARKS.conflict, ''];
          }
          const score = sheetOf.get(`${result.entryId}\u0000${juror.sub}`)?.scores[criterion.criterionId];
          if (score !== undefined) return [score.score, score.note ?? ''];
          const expected = missing.some((pair) => pair.jurorId === juror.sub);
          return [expected ? SCORE_MARKS.missing : SCORE_MARKS.notExpected, ''];
        }),
        rounded(criterion.mean),
        exact(criterion.mean),
        weighted,
        rounded(result.total),
        exact(result.total),
        STANDING_LABELS[result.standing],
        tie,
        missing
          .map((pair) => ordered.find((juror) => juror.sub === pair.jurorId)?.username ?? pair.jurorId)
          .join(', '),
      ];
    });
  });
  const rules: SheetTable = {
    name: 'Keterangan',
    headers: ['Keterangan', 'Isi'],
    rows: [
      ['Babak', round.name],
      ['ID babak', round.id],
      ['Wilayah', round.regionCode],
      ['Periode kegiatan', `${round.activityPeriod.start} s.d. ${round.activityPeriod.end}`],
      ['Masa penjurian', `${round.judgingWindow.opensAt} s.d. ${round.judgingWindow.closesAt}`],
      [
        'Aturan nilai kosong',
        round.missingScoreRule === 'ALL_SCORES_REQUIRED'
          ? 'Semua nilai wajib: peserta yang nilainya belum lengkap tidak diperingkat'
          : 'Rata-rata juri yang menilai: peserta yang nilainya belum lengkap ditandai',
      ],
      [
        'Urutan penentu seri',
        round.tieBreak.length === 0
          ? 'Tidak ada: nilai sama berperingkat sama'
          : round.tieBreak.map((rule, index) => `${index + 1}. ${TIE_BREAK_LABELS[rule]}`).join('; '),
      ],
      ['Hasil', published ? `Diumumkan ${round.publishedAt ?? ''}` : 'Pratinjau: belum diumumkan'],
      ['Rumus', 'Total = Σ bobot × rata-rata / 100, dari 100; rata-rata dihitung tepat sebagai pecahan'],
      [
        'Tanda',
        `${SCORE_MARKS.missing}: nilai belum diberikan; ${SCORE_MARKS.conflict}: juri berkonflik kepentingan dengan desa peserta`,
      ],
    ],
  };
  const ineligible: SheetTable = {
    name: 'Tidak Memenuhi Syarat',
    headers: ['ID Peserta', 'Nama KIM', 'Desa', 'Alasan'],
    rows: entries
      .filter((entry) => !entry.eligible)
      .map((entry) => [
        entry.id,
        entry.name,
        `${entry.villageName} (${entry.villageCode})`,
        entry.ineligibleReasons.map((reason) => reason.message).join(' '),
      ]),
  };
  return {
    fileName: `lembar-nilai-${round.id}.xlsx`,
    scores: { name: 'Lembar Nilai', headers, rows },
    rules,
    ineligible,
  };
};

/**
 * The score sheet of a round (admin only), for the jury's minutes: once published, of the stored
 * result; before, a preview of the scores stored now.
 */
export const scoreSheetOf = async (
  deps: AwardCoreDeps,
  principal: Principal,
  roundId: string,
): Promise<ScoreSheetTables> => {
  const { published, ranking } = await getRanking(deps, principal, roundId);
  const round = await deps.store.getRound(roundId, { consistent: true });
  if (round === undefined) throw new Error('The round vanished between two reads');
  const [entries, jurors, sheets] = await Promise.all([
    deps.store.listEntries(round.id),
    deps.store.listJurors(round.id),
    deps.store.listScoreSheets(round.id),
  ]);
  return scoreSheetTables(round, ranking, published, entries, jurors, sheets);
};
