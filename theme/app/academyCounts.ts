// The academy data a sentence counts ("2 learning records and 1 certificate"). Each count takes its
// own plural form, so it is formatted on its own (academy.learning.recordCount / certificateCount)
// and the sentence only places the two: {{records}} and {{certificates}}.
export type AcademyCounts = { learningRecords?: number; certificates?: number };

type CountT = (key: string, options: { count: number }) => string;

/** The values {{records}} and {{certificates}} of a sentence about these counts (none: 0). */
export function academyCounts(
  t: CountT,
  counts: AcademyCounts | undefined,
): { records: string; certificates: string } {
  return {
    records: t("academy.learning.recordCount", {
      count: counts?.learningRecords ?? 0,
    }),
    certificates: t("academy.learning.certificateCount", {
      count: counts?.certificates ?? 0,
    }),
  };
}
