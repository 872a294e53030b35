package io.github.academyoffboarding.bulk.plan;

/**
 * One input row as the preview decided it. {@code identifier} is the value as it stood in the file.
 */
public record PlannedRow(
    int rowNumber, String identifier, RowStatus status, String userId, String message) {}
