package io.github.academyoffboarding.bulk.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One bulk import: a preview until committed, then a job. State lives here so any node can resume
 * it.
 */
@Entity
@Table(name = "ACADEMY_BULK_IMPORT")
@NamedQueries({
  @NamedQuery(
      name = "academyBulkImportsByRealm",
      query =
          "select i from BulkImportEntity i where i.realmId = :realmId order by i.createdAt desc, i.id"),
  @NamedQuery(
      name = "academyBulkImportsByRealmAndCreator",
      query =
          "select i from BulkImportEntity i where i.realmId = :realmId and i.createdBy = :createdBy order by i.createdAt desc, i.id"),
  @NamedQuery(
      name = "academyBulkImportsCountByRealm",
      query = "select count(i) from BulkImportEntity i where i.realmId = :realmId"),
  // The status (RUNNING) and those below are bound from the lease's (ImportLife owns the values).
  @NamedQuery(
      name = "academyBulkImportsClaimable",
      query =
          "select i.id from BulkImportEntity i where i.status = :status and (i.leaseUntil is null or i.leaseUntil < :now) order by i.committedAt"),
  @NamedQuery(
      name = "academyBulkImportClaim",
      query =
          "update BulkImportEntity i set i.leaseOwner = :owner, i.leaseUntil = :until, i.version = i.version + 1"
              + " where i.id = :id and i.status = :status and (i.leaseUntil is null or i.leaseUntil < :now)"),
  // A scheduled DELETE whose restore window has ended for some of its users, or with users a
  // restore asked for, and that no node is working on: claimed with academyBulkImportClaim (status
  // SCHEDULED) like a job.
  @NamedQuery(
      name = "academyBulkImportsPurgeable",
      query =
          "select i.id from BulkImportEntity i where i.status = :status and (i.leaseUntil is null or i.leaseUntil < :now)"
              + " and exists (select p.userId from PendingDeletionEntity p where p.importId = i.id"
              + " and (p.dueAt <= :now or p.restoreId is not null))"
              + " or i.status = :status and (i.leaseUntil is null or i.leaseUntil < :now)"
              + " and exists (select s.userId from ScheduledEntity s where s.importId = i.id"
              + " and s.dueAt <= :now)"
              + " order by i.deletionDueAt"),
  // Gives the lease up without waiting for it to expire (a purge with nothing due any more).
  @NamedQuery(
      name = "academyBulkImportRelease",
      query =
          "update BulkImportEntity i set i.leaseOwner = null, i.leaseUntil = null, i.version = i.version + 1"
              + " where i.id = :id and i.status = :status and i.leaseOwner = :owner"),
  @NamedQuery(
      name = "academyBulkImportHeartbeat",
      query =
          "update BulkImportEntity i set i.leaseUntil = :until, i.version = i.version + 1"
              + " where i.id = :id and i.status = :status and i.leaseOwner = :owner"),
  // A batch's progress and lease renewal in one statement, fenced by the lease: 0 rows means this
  // node lost the job.
  @NamedQuery(
      name = "academyBulkImportBatchDone",
      query =
          "update BulkImportEntity i set i.processed = i.processed + :processed, i.succeeded = i.succeeded + :succeeded,"
              + " i.failed = i.failed + :failed, i.leaseUntil = :until, i.version = i.version + 1"
              + " where i.id = :id and i.status = :status and i.leaseOwner = :owner"),
  @NamedQuery(
      name = "academyBulkImportsDeleteByRealm",
      query = "delete from BulkImportEntity i where i.realmId = :realmId"),
})
public class BulkImportEntity {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "REALM_ID", nullable = false)
  private String realmId;

  @Column(name = "ACTION", nullable = false)
  private String action;

  @Column(name = "MATCH_BY", nullable = false)
  private String matchBy;

  @Column(name = "STATUS", nullable = false)
  private String status;

  @Column(name = "FILE_NAME")
  private String fileName;

  @Column(name = "CREATED_BY")
  private String createdBy;

  @Column(name = "CREATED_BY_USERNAME")
  private String createdByUsername;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "EXPIRES_AT", nullable = false)
  private long expiresAt;

  @Column(name = "COMMITTED_BY")
  private String committedBy;

  @Column(name = "COMMITTED_BY_REALM")
  private String committedByRealm;

  @Column(name = "COMMITTED_BY_CLIENT")
  private String committedByClient;

  @Column(name = "COMMITTED_FROM")
  private String committedFrom;

  @Column(name = "COMMITTED_AT")
  private Long committedAt;

  @Column(name = "FINISHED_AT")
  private Long finishedAt;

  @Column(name = "TOTAL_ROWS")
  private int totalRows;

  @Column(name = "TO_PROCESS")
  private int toProcess;

  @Column(name = "NOT_FOUND")
  private int notFound;

  @Column(name = "DUPLICATES")
  private int duplicates;

  @Column(name = "INVALID")
  private int invalid;

  @Column(name = "PROTECTED")
  private int protectedRows;

  @Column(name = "UNCHANGED")
  private int unchanged;

  @Column(name = "LEARNING_RECORDS")
  private long learningRecords;

  @Column(name = "CERTIFICATES")
  private long certificates;

  @Column(name = "PROCESSED")
  private int processed;

  @Column(name = "SUCCEEDED")
  private int succeeded;

  @Column(name = "FAILED")
  private int failed;

  // Set only by a conditional update (cancel), never overwritten by the job's own writes.
  @Column(name = "CANCEL_REQUESTED", updatable = false)
  private boolean cancelRequested;

  @Column(name = "LEASE_OWNER")
  private String leaseOwner;

  @Column(name = "LEASE_UNTIL")
  private Long leaseUntil;

  @Column(name = "ERROR_MESSAGE", length = 1024)
  private String errorMessage;

  @Version
  @Column(name = "VERSION")
  private int version;

  @Column(name = "HIDDEN")
  private int hidden;

  @Column(name = "AMBIGUOUS")
  private int ambiguous;

  @Column(name = "INCLUDE_HIDDEN")
  private boolean includeHidden;

  @Column(name = "HISTORY_ERASED_AT")
  private Long historyErasedAt;

  @Column(name = "DELETE_AFTER")
  private String deleteAfter;

  @Column(name = "DELETION_DUE_AT")
  private Long deletionDueAt;

  @Column(name = "ORIGIN", nullable = false)
  private String origin;

  @Column(name = "COMMITTED_BASE_URI")
  private String committedBaseUri;

  @Column(name = "SHEET_NAME")
  private String sheetName;

  @Column(name = "SHEET_COUNT")
  private Integer sheetCount;

  @Column(name = "HEADER_ROW")
  private Integer headerRow;

  // Written only by ImportLife's conditional updates.
  @Column(name = "ENDS_AS", length = 20)
  private String endsAs;

  /**
   * What the job ended as (COMPLETED, FAILED, CANCELLED): a SCHEDULED import takes this status once
   * none of its users is pending. Null before the job ends, and for imports ended before 1.5.0.
   */
  public String getEndsAs() {
    return endsAs;
  }

  /**
   * The base URI of the request that committed the import, as it reached Keycloak (before the
   * hostname settings); null for imports committed before 1.3.0.
   */
  public String getCommittedBaseUri() {
    return committedBaseUri;
  }

  public void setCommittedBaseUri(String committedBaseUri) {
    this.committedBaseUri = committedBaseUri;
  }

  /** The sheet an upload's rows were read from (xlsx); null for CSV and without a file. */
  public String getSheetName() {
    return sheetName;
  }

  public void setSheetName(String sheetName) {
    this.sheetName = sheetName;
  }

  /** How many visible worksheets the uploaded workbook has; null for CSV and without a file. */
  public Integer getSheetCount() {
    return sheetCount;
  }

  public void setSheetCount(Integer sheetCount) {
    this.sheetCount = sheetCount;
  }

  /** The row number of the upload's header (1-based); null without a file. */
  public Integer getHeaderRow() {
    return headerRow;
  }

  public void setHeaderRow(Integer headerRow) {
    this.headerRow = headerRow;
  }

  /** Where the import comes from: an {@code ImportOrigin} name. */
  public String getOrigin() {
    return origin;
  }

  public void setOrigin(String origin) {
    this.origin = origin;
  }

  /** A DELETE import's restore window, ISO-8601 ({@code PT0S}: deleted at once); else null. */
  public String getDeleteAfter() {
    return deleteAfter;
  }

  public void setDeleteAfter(String deleteAfter) {
    this.deleteAfter = deleteAfter;
  }

  /** When the users this import scheduled for deletion are deleted; null without a window. */
  public Long getDeletionDueAt() {
    return deletionDueAt;
  }

  public void setDeletionDueAt(Long deletionDueAt) {
    this.deletionDueAt = deletionDueAt;
  }

  public int getHidden() {
    return hidden;
  }

  public void setHidden(int hidden) {
    this.hidden = hidden;
  }

  public int getAmbiguous() {
    return ambiguous;
  }

  public void setAmbiguous(int ambiguous) {
    this.ambiguous = ambiguous;
  }

  public boolean isIncludeHidden() {
    return includeHidden;
  }

  public void setIncludeHidden(boolean includeHidden) {
    this.includeHidden = includeHidden;
  }

  public Long getHistoryErasedAt() {
    return historyErasedAt;
  }

  public void setHistoryErasedAt(Long historyErasedAt) {
    this.historyErasedAt = historyErasedAt;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getMatchBy() {
    return matchBy;
  }

  public void setMatchBy(String matchBy) {
    this.matchBy = matchBy;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getFileName() {
    return fileName;
  }

  public void setFileName(String fileName) {
    this.fileName = fileName;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }

  public String getCreatedByUsername() {
    return createdByUsername;
  }

  public void setCreatedByUsername(String createdByUsername) {
    this.createdByUsername = createdByUsername;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(long createdAt) {
    this.createdAt = createdAt;
  }

  public long getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(long expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getCommittedBy() {
    return committedBy;
  }

  public void setCommittedBy(String committedBy) {
    this.committedBy = committedBy;
  }

  public String getCommittedByRealm() {
    return committedByRealm;
  }

  public void setCommittedByRealm(String committedByRealm) {
    this.committedByRealm = committedByRealm;
  }

  public String getCommittedByClient() {
    return committedByClient;
  }

  public void setCommittedByClient(String committedByClient) {
    this.committedByClient = committedByClient;
  }

  public String getCommittedFrom() {
    return committedFrom;
  }

  public void setCommittedFrom(String committedFrom) {
    this.committedFrom = committedFrom;
  }

  public Long getCommittedAt() {
    return committedAt;
  }

  public void setCommittedAt(Long committedAt) {
    this.committedAt = committedAt;
  }

  public Long getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(Long finishedAt) {
    this.finishedAt = finishedAt;
  }

  public int getTotalRows() {
    return totalRows;
  }

  public void setTotalRows(int totalRows) {
    this.totalRows = totalRows;
  }

  public int getToProcess() {
    return toProcess;
  }

  public void setToProcess(int toProcess) {
    this.toProcess = toProcess;
  }

  public int getNotFound() {
    return notFound;
  }

  public void setNotFound(int notFound) {
    this.notFound = notFound;
  }

  public int getDuplicates() {
    return duplicates;
  }

  public void setDuplicates(int duplicates) {
    this.duplicates = duplicates;
  }

  public int getInvalid() {
    return invalid;
  }

  public void setInvalid(int invalid) {
    this.invalid = invalid;
  }

  public int getProtectedRows() {
    return protectedRows;
  }

  public void setProtectedRows(int protectedRows) {
    this.protectedRows = protectedRows;
  }

  public int getUnchanged() {
    return unchanged;
  }

  public void setUnchanged(int unchanged) {
    this.unchanged = unchanged;
  }

  public long getLearningRecords() {
    return learningRecords;
  }

  public void setLearningRecords(long learningRecords) {
    this.learningRecords = learningRecords;
  }

  public long getCertificates() {
    return certificates;
  }

  public void setCertificates(long certificates) {
    this.certificates = certificates;
  }

  public int getProcessed() {
    return processed;
  }

  public void setProcessed(int processed) {
    this.processed = processed;
  }

  public int getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(int succeeded) {
    this.succeeded = succeeded;
  }

  public int getFailed() {
    return failed;
  }

  public void setFailed(int failed) {
    this.failed = failed;
  }

  public boolean isCancelRequested() {
    return cancelRequested;
  }

  public void setCancelRequested(boolean cancelRequested) {
    this.cancelRequested = cancelRequested;
  }

  public String getLeaseOwner() {
    return leaseOwner;
  }

  public void setLeaseOwner(String leaseOwner) {
    this.leaseOwner = leaseOwner;
  }

  public Long getLeaseUntil() {
    return leaseUntil;
  }

  public void setLeaseUntil(Long leaseUntil) {
    this.leaseUntil = leaseUntil;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  public void setErrorMessage(String errorMessage) {
    this.errorMessage = errorMessage;
  }

  public int getVersion() {
    return version;
  }
}
