package io.github.academyoffboarding.bulk.export;

import io.github.academyoffboarding.academy.LearningRecordRepresentation;

/** One learning record of the export, with its user; the record's fields as the API gives them. */
public record LearningRecordLine(ExportedUser user, LearningRecordRepresentation record) {}
