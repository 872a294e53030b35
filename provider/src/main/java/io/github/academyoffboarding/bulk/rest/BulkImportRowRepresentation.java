package io.github.academyoffboarding.bulk.rest;

import io.github.academyoffboarding.bulk.jpa.BulkImportRowEntity;

/** One row of an import: what the preview found and, after the job, what happened. */
public final class BulkImportRowRepresentation {

  public int rowNumber;
  public String identifier;
  public String status;
  public String userId;
  public int learningRecords;
  public int certificates;
  public String outcome;
  public String message;

  static BulkImportRowRepresentation of(BulkImportRowEntity e) {
    BulkImportRowRepresentation r = new BulkImportRowRepresentation();
    r.rowNumber = e.getRowNo();
    r.identifier = e.getIdentifier();
    r.status = e.getStatus();
    r.userId = e.getUserId();
    r.learningRecords = e.getLearningRecords();
    r.certificates = e.getCertificates();
    r.outcome = e.getOutcome();
    r.message = e.getMessage();
    return r;
  }
}
