package io.github.academyoffboarding.bulk.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A dated action waiting for its due time: a row's own action on its date ({@link
 * ScheduleKind#DATED}), or the end of a leave ({@link ScheduleKind#RETURN}). One per realm's user
 * and action, so a later import's date replaces an earlier one; taking the entry (deleting it) is
 * what carries it out, so it is carried out once.
 */
@Entity
@Table(name = "ACADEMY_SCHEDULED")
@IdClass(ScheduledEntity.Key.class)
public class ScheduledEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  private String realmId;

  @Id
  @Column(name = "USER_ID")
  private String userId;

  @Id
  @Column(name = "ACTION", length = 20)
  private String action;

  @Column(name = "KIND", length = 10, nullable = false)
  private String kind;

  @Column(name = "IMPORT_ID", length = 36, nullable = false)
  private String importId;

  @Column(name = "ROW_NO", nullable = false)
  private int rowNo;

  @Column(name = "DUE_AT", nullable = false)
  private long dueAt;

  /** A DATED DEACTIVATE with {@code until}: when the leave ends (a RETURN is scheduled then). */
  @Column(name = "UNTIL_AT")
  private Long untilAt;

  @Column(name = "ATTEMPTS", nullable = false)
  private int attempts;

  @Column(name = "LAST_FAILURE")
  private String lastFailure;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  public String getRealmId() {
    return realmId;
  }

  public String getUserId() {
    return userId;
  }

  public String getAction() {
    return action;
  }

  public ScheduleKind getKind() {
    return ScheduleKind.valueOf(kind);
  }

  public String getImportId() {
    return importId;
  }

  public int getRowNo() {
    return rowNo;
  }

  public long getDueAt() {
    return dueAt;
  }

  public Long getUntilAt() {
    return untilAt;
  }

  public int getAttempts() {
    return attempts;
  }

  public String getLastFailure() {
    return lastFailure;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  /** The primary key: a realm's user and an action. */
  public static final class Key implements Serializable {
    private String realmId;
    private String userId;
    private String action;

    public Key() {}

    public Key(String realmId, String userId, String action) {
      this.realmId = realmId;
      this.userId = userId;
      this.action = action;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(realmId, k.realmId)
          && Objects.equals(userId, k.userId)
          && Objects.equals(action, k.action);
    }

    @Override
    public int hashCode() {
      return Objects.hash(realmId, userId, action);
    }
  }
}
