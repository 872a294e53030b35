package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.RowMessage;
import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;
import java.util.List;

/** One row of an import: what the preview found and, after the job, what happened. */
public final class BulkImportRowRepresentation {

  public int rowNumber;
  public String identifier;
  public String status;
  public String userId;
  public int learningRecords;
  public int certificates;
  public String outcome;

  /** AMBIGUOUS: how many users the identifier matched. */
  public Integer matchCount;

  /** The message in English; {@code messageKey} and {@code messageParams} let the UI translate. */
  public String message;

  public String messageKey;
  public List<String> messageParams;

  static BulkImportRowRepresentation of(BulkImportRowEntity e) {
    BulkImportRowRepresentation r = new BulkImportRowRepresentation();
    r.rowNumber = e.getRowNo();
    r.identifier = e.getIdentifier();
    r.status = e.getStatus();
    r.userId = e.getUserId();
    r.learningRecords = e.getLearningRecords();
    r.certificates = e.getCertificates();
    r.outcome = e.getOutcome();
    r.matchCount = e.getMatchCount();
    r.message = RowMessage.englishOf(e.getMessageKey(), e.getMessageParam(), e.getMessage());
    r.messageKey = e.getMessageKey();
    r.messageParams =
        e.getMessageParam() == null ? List.of() : List.of(e.getMessageParam().split("\\|", -1));
    return r;
  }
}
