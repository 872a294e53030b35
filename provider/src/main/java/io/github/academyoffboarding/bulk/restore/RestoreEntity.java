package io.github.academyoffboarding.bulk.restore;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One call of {@code POST imports/{id}/restore}: who asked, how many users, and how far the engine
 * has come. The marks it asked for carry its id until the engine has acted on them.
 */
@Entity
@Table(name = "ACADEMY_RESTORE")
public class RestoreEntity {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "IMPORT_ID", length = 36, nullable = false)
  private String importId;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "REQUESTED_BY", length = 36, nullable = false)
  private String requestedBy;

  @Column(name = "REQUESTED_BY_REALM", length = 36, nullable = false)
  private String requestedByRealm;

  @Column(name = "REQUESTED_BY_USERNAME")
  private String requestedByUsername;

  @Column(name = "REQUESTED_BY_CLIENT", length = 36)
  private String requestedByClient;

  @Column(name = "REQUESTED_FROM")
  private String requestedFrom;

  @Column(name = "REQUESTED_AT", nullable = false)
  private long requestedAt;

  @Column(name = "ASKED", nullable = false)
  private int asked;

  @Column(name = "RESTORED", nullable = false)
  private int restored;

  @Column(name = "NOT_ALLOWED", nullable = false)
  private int notAllowed;

  @Column(name = "FAILED", nullable = false)
  private int failed;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getImportId() {
    return importId;
  }

  public void setImportId(String importId) {
    this.importId = importId;
  }

  public String getRealmId() {
    return realmId;
  }

  public void setRealmId(String realmId) {
    this.realmId = realmId;
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

  public String getRequestedByUsername() {
    return requestedByUsername;
  }

  public void setRequestedByUsername(String requestedByUsername) {
    this.requestedByUsername = requestedByUsername;
  }

  public String getRequestedByClient() {
    return requestedByClient;
  }

  public void setRequestedByClient(String requestedByClient) {
    this.requestedByClient = requestedByClient;
  }

  public String getRequestedFrom() {
    return requestedFrom;
  }

  public void setRequestedFrom(String requestedFrom) {
    this.requestedFrom = requestedFrom;
  }

  public long getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(long requestedAt) {
    this.requestedAt = requestedAt;
  }

  public int getAsked() {
    return asked;
  }

  public void setAsked(int asked) {
    this.asked = asked;
  }

  public int getRestored() {
    return restored;
  }

  public int getNotAllowed() {
    return notAllowed;
  }

  public int getFailed() {
    return failed;
  }
}
