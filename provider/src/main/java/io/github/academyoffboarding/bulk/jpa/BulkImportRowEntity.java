package io.github.academyoffboarding.bulk.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One input row of an import: what the preview resolved, and after the job, what happened. */
@Entity
@Table(name = "ACADEMY_BULK_IMPORT_ROW")
@IdClass(BulkImportRowEntity.Key.class)
@NamedQueries({
  @NamedQuery(
      name = "academyBulkRows",
      query = "select r from BulkImportRowEntity r where r.importId = :importId order by r.rowNo"),
  @NamedQuery(
      name = "academyBulkRowsByStatus",
      query =
          "select r from BulkImportRowEntity r where r.importId = :importId and r.status in :statuses order by r.rowNo"),
  @NamedQuery(
      name = "academyBulkRowsCountByStatus",
      query =
          "select count(r) from BulkImportRowEntity r where r.importId = :importId and r.status in :statuses"),
  @NamedQuery(
      name = "academyBulkRowsCount",
      query = "select count(r) from BulkImportRowEntity r where r.importId = :importId"),
  // Keyset paging on the primary key (IMPORT_ID, ROW_NO): each round reads on from where the last
  // one ended, instead of re-scanning every processed row of the import (which made a job
  // quadratic in its size).
  @NamedQuery(
      name = "academyBulkRowsPendingAfter",
      query =
          "select r.rowNo from BulkImportRowEntity r where r.importId = :importId and r.rowNo > :after"
              + " and r.status = 'MATCHED' and r.outcome is null order by r.rowNo"),
  // A batch's rows: the range on ROW_NO makes the look-up a range of the primary key; "ROW_NO IN
  // (…)" alone, behind IMPORT_ID, scanned every row of the import on H2 (quadratic again).
  @NamedQuery(
      name = "academyBulkRowsPendingIn",
      query =
          "select r from BulkImportRowEntity r where r.importId = :importId"
              + " and r.rowNo between :first and :last and r.rowNo in :rowNos"
              + " and r.status = 'MATCHED' and r.outcome is null order by r.rowNo"),
  @NamedQuery(
      name = "academyBulkRowsDone",
      query =
          "update BulkImportRowEntity r set r.outcome = :outcome, r.messageKey = :messageKey,"
              + " r.messageParam = :messageParam, r.message = null, r.processedAt = :at"
              + " where r.importId = :importId and r.rowNo between :first and :last"
              + " and r.rowNo in :rowNos and r.outcome is null"),
  // A job transaction takes these rows up: counted before it runs, in a transaction of its own, so
  // that one that never finishes (a node that dies, a lease lost) counts too.
  @NamedQuery(
      name = "academyBulkRowsAttempted",
      query =
          "update BulkImportRowEntity r set r.attempts = r.attempts + 1"
              + " where r.importId = :importId and r.rowNo between :first and :last"
              + " and r.rowNo in :rowNos and r.outcome is null"),
  // A row SCHEDULED for deletion starts the purge's attempts afresh.
  @NamedQuery(
      name = "academyBulkRowsScheduledAttemptsReset",
      query =
          "update BulkImportRowEntity r set r.attempts = 0, r.lastFailure = null"
              + " where r.importId = :importId and r.rowNo between :first and :last"
              + " and r.rowNo in :rowNos and r.outcome = 'SCHEDULED'"),
  @NamedQuery(
      name = "academyBulkRowsLastFailure",
      query =
          "update BulkImportRowEntity r set r.lastFailure = :failure"
              + " where r.importId = :importId and r.rowNo between :first and :last"
              + " and r.rowNo in :rowNos and r.outcome is null"),
  @NamedQuery(
      name = "academyBulkRowsOutcomeCounts",
      query =
          "select r.outcome, count(r) from BulkImportRowEntity r where r.importId = :importId and r.outcome is not null group by r.outcome"),
  // The preview's calendar: MATCHED rows per date (one due time per date within an import: the
  // zone is the server's), and the returns of leaves per until.
  @NamedQuery(
      name = "academyBulkRowsCalendar",
      query =
          "select r.leaveDate, min(r.dueAt), count(r) from BulkImportRowEntity r"
              + " where r.importId = :importId and r.status = 'MATCHED' and r.leaveDate is not null"
              + " group by r.leaveDate"),
  @NamedQuery(
      name = "academyBulkRowsCalendarReturns",
      query =
          "select r.untilDate, min(r.untilAt), count(r) from BulkImportRowEntity r"
              + " where r.importId = :importId and r.status = 'MATCHED' and r.untilDate is not null"
              + " group by r.untilDate"),
  @NamedQuery(
      name = "academyBulkRowsDeleteByImports",
      query = "delete from BulkImportRowEntity r where r.importId in :importIds"),
  @NamedQuery(
      name = "academyBulkRowsDeleteByRealm",
      query =
          "delete from BulkImportRowEntity r where r.importId in (select i.id from BulkImportEntity i where i.realmId = :realmId)"),
})
public class BulkImportRowEntity {

  @Id
  @Column(name = "IMPORT_ID", length = 36)
  private String importId;

  @Id
  @Column(name = "ROW_NO")
  private int rowNo;

  @Column(name = "IDENTIFIER", length = 1024)
  private String identifier;

  @Column(name = "STATUS", nullable = false)
  private String status;

  @Column(name = "USER_ID")
  private String userId;

  @Column(name = "LEARNING_RECORDS")
  private int learningRecords;

  @Column(name = "CERTIFICATES")
  private int certificates;

  @Column(name = "OUTCOME")
  private String outcome;

  @Column(name = "MESSAGE", length = 1024)
  private String message;

  @Column(name = "PROCESSED_AT")
  private Long processedAt;

  @Column(name = "MATCH_COUNT")
  private Integer matchCount;

  @Column(name = "MESSAGE_KEY", length = 100)
  private String messageKey;

  @Column(name = "MESSAGE_PARAM")
  private String messageParam;

  @Column(name = "ATTEMPTS")
  private int attempts;

  /** The kind of the last failure of a transaction that took this row up (a class name). */
  @Column(name = "LAST_FAILURE")
  private String lastFailure;

  /** The row's {@code date} as read (ISO YYYY-MM-DD); null without a valid one. */
  @Column(name = "LEAVE_DATE", length = 10)
  private String leaveDate;

  /** The row's {@code until} as read (ISO YYYY-MM-DD); null without a valid one. */
  @Column(name = "UNTIL_DATE", length = 10)
  private String untilDate;

  /**
   * MATCHED with a date: when its action is due (epoch millis, in the time-zone option's zone at
   * the preview); may be past by the commit. Null: at commit.
   */
  @Column(name = "DUE_AT")
  private Long dueAt;

  /** MATCHED DEACTIVATE with an until: when the user returns (epoch millis). */
  @Column(name = "UNTIL_AT")
  private Long untilAt;

  public String getLeaveDate() {
    return leaveDate;
  }

  public void setLeaveDate(String leaveDate) {
    this.leaveDate = leaveDate;
  }

  public String getUntilDate() {
    return untilDate;
  }

  public void setUntilDate(String untilDate) {
    this.untilDate = untilDate;
  }

  public Long getDueAt() {
    return dueAt;
  }

  public void setDueAt(Long dueAt) {
    this.dueAt = dueAt;
  }

  public Long getUntilAt() {
    return untilAt;
  }

  public void setUntilAt(Long untilAt) {
    this.untilAt = untilAt;
  }

  public String getLastFailure() {
    return lastFailure;
  }

  public void setLastFailure(String lastFailure) {
    this.lastFailure = lastFailure;
  }

  public Integer getMatchCount() {
    return matchCount;
  }

  public void setMatchCount(Integer matchCount) {
    this.matchCount = matchCount;
  }

  public String getMessageKey() {
    return messageKey;
  }

  public void setMessageKey(String messageKey) {
    this.messageKey = messageKey;
  }

  public String getMessageParam() {
    return messageParam;
  }

  public void setMessageParam(String messageParam) {
    this.messageParam = messageParam;
  }

  public int getAttempts() {
    return attempts;
  }

  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
  }

  public int getRowNo() {
    return rowNo;
  }

  public void setRowNo(int rowNo) {
    this.rowNo = rowNo;
  }

  public String getIdentifier() {
    return identifier;
  }

  public void setIdentifier(String identifier) {
    this.identifier = identifier;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public int getLearningRecords() {
    return learningRecords;
  }

  public void setLearningRecords(int learningRecords) {
    this.learningRecords = learningRecords;
  }

  public int getCertificates() {
    return certificates;
  }

  public void setCertificates(int certificates) {
    this.certificates = certificates;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Long getProcessedAt() {
    return processedAt;
  }

  public void setProcessedAt(Long processedAt) {
    this.processedAt = processedAt;
  }

  /** Composite key: an import's rows are numbered as in the file. */
  public static class Key implements Serializable {
    private String importId;
    private int rowNo;

    public Key() {}

    public Key(String importId, int rowNo) {
      this.importId = importId;
      this.rowNo = rowNo;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.rowNo == rowNo && Objects.equals(k.importId, importId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(importId, rowNo);
    }
  }
}
