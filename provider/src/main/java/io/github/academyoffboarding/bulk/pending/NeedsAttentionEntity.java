package io.github.academyoffboarding.bulk.pending;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A user the restore window disabled that the purge neither deleted nor kept: skipped (it became
 * protected, or the admin who committed may no longer manage it) or failed (after {@code
 * max-attempts}). It stays disabled with its data until an admin restores or deletes it; this entry
 * is what lists it ({@link NeedsAttention}), so that nobody is left disabled and unlisted.
 */
@Entity
@Table(name = "ACADEMY_NEEDS_ATTENTION")
@IdClass(PendingDeletionEntity.Key.class)
public class NeedsAttentionEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  private String realmId;

  @Id
  @Column(name = "USER_ID")
  private String userId;

  @Column(name = "IMPORT_ID", length = 36, nullable = false)
  private String importId;

  @Column(name = "ROW_NO", nullable = false)
  private int rowNo;

  @Column(name = "REASON_KEY", nullable = false)
  private String reasonKey;

  @Column(name = "REASON_PARAM")
  private String reasonParam;

  @Column(name = "ENABLED_BEFORE", nullable = false)
  private boolean enabledBefore;

  @Column(name = "REQUESTED_BY", length = 36, nullable = false)
  private String requestedBy;

  @Column(name = "REQUESTED_BY_REALM", length = 36, nullable = false)
  private String requestedByRealm;

  @Column(name = "SINCE", nullable = false)
  private long since;

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
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

  public String getReasonKey() {
    return reasonKey;
  }

  public void setReasonKey(String reasonKey) {
    this.reasonKey = reasonKey;
  }

  public String getReasonParam() {
    return reasonParam;
  }

  public void setReasonParam(String reasonParam) {
    this.reasonParam = reasonParam;
  }

  public boolean isEnabledBefore() {
    return enabledBefore;
  }

  public void setEnabledBefore(boolean enabledBefore) {
    this.enabledBefore = enabledBefore;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  public String getRequestedByRealm() {
    return requestedByRealm;
  }

  public void setRequestedByRealm(String requestedByRealm) {
    this.requestedByRealm = requestedByRealm;
  }

  public long getSince() {
    return since;
  }

  public void setSince(long since) {
    this.since = since;
  }
}
