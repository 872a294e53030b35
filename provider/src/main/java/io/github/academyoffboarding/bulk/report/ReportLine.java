package io.github.academyoffboarding.bulk.report;

/**
 * One line of an import's report: one input row and what became of it.
 *
 * @param rowNumber the row number in the uploaded file
 * @param identifier what the row said
 * @param status the row's preview status ({@code MATCHED}, {@code NOT_FOUND}, …)
 * @param outcome what the job did ({@code DELETED}, {@code SKIPPED}, …); null before the job ran
 * @param message why, in English; may be null
 * @param userId the matched user's id; may be null
 */
public record ReportLine(
    int rowNumber,
    String identifier,
    String status,
    String outcome,
    String message,
    String userId) {}
