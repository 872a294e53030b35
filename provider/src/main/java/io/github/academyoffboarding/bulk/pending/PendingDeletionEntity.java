package io.github.academyoffboarding.bulk.pending;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A user deactivated by a bulk DELETE and marked for deletion at a due time. The mark is the only
 * record of the way back: removing it (restore, purge, the user's removal by another path) is what
 * resolves it, so a user is deleted at most once.
 */
@Entity
@Table(name = "ACADEMY_PENDING_DELETION")
@IdClass(PendingDeletionEntity.Key.class)
@NamedQueries({
  @NamedQuery(
      name = "academyPendingByImport",
      query =
          "select p from PendingDeletionEntity p where p.importId = :importId order by p.rowNo"),
  @NamedQuery(
      name = "academyPendingCountByImport",
      query = "select count(p) from PendingDeletionEntity p where p.importId = :importId"),
  @NamedQuery(
      name = "academyPendingByUser",
      query =
          "select p from PendingDeletionEntity p where p.realmId = :realmId and p.userId = :userId"),
  @NamedQuery(
      name = "academyPendingUsersOfImport",
      query =
          "select p.userId from PendingDeletionEntity p where p.importId = :importId and p.rowNo > :after order by p.rowNo"),
  @NamedQuery(
      name = "academyPendingDeleteByRealm",
      query = "delete from PendingDeletionEntity p where p.realmId = :realmId"),
})
public class PendingDeletionEntity {

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

  @Column(name = "DUE_AT", nullable = false)
  private long dueAt;

  @Column(name = "REQUESTED_BY", length = 36, nullable = false)
  private String requestedBy;

  @Column(name = "REQUESTED_BY_REALM", length = 36, nullable = false)
  private String requestedByRealm;

  @Column(name = "ENABLED_BEFORE", nullable = false)
  private boolean enabledBefore;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  /** The restore that asked for this user and has not acted yet ({@code RestoreEntity}). */
  @Column(name = "RESTORE_ID", length = 36)
  private String restoreId;

  @Column(name = "RESTORE_ATTEMPTS", nullable = false)
  private int restoreAttempts;

  @Column(name = "RESTORE_FAILURE")
  private String restoreFailure;

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

  public long getDueAt() {
    return dueAt;
  }

  public void setDueAt(long dueAt) {
    this.dueAt = dueAt;
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

  public boolean isEnabledBefore() {
    return enabledBefore;
  }

  public void setEnabledBefore(boolean enabledBefore) {
    this.enabledBefore = enabledBefore;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(long createdAt) {
    this.createdAt = createdAt;
  }

  public String getRestoreId() {
    return restoreId;
  }

  public int getRestoreAttempts() {
    return restoreAttempts;
  }

  public String getRestoreFailure() {
    return restoreFailure;
  }

  /** The primary key: a realm's user. */
  public static final class Key implements Serializable {
    private String realmId;
    private String userId;

    public Key() {}

    public Key(String realmId, String userId) {
      this.realmId = realmId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(realmId, k.realmId) && userId.equals(k.userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(realmId, userId);
    }
  }
}
