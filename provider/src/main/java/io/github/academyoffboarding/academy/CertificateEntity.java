package io.github.academyoffboarding.academy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A certificate issued to a user; its serial is unique within the realm. */
@Entity(name = "AcademyCertificate")
@Table(name = "ACADEMY_CERTIFICATE")
public class CertificateEntity {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "USER_ID", length = 36, nullable = false)
  private String userId;

  @Column(name = "COURSE_ID")
  private String courseId;

  @Column(name = "TITLE", nullable = false)
  private String title;

  @Column(name = "SERIAL", nullable = false)
  private String serial;

  @Column(name = "ISSUED_AT", nullable = false)
  private long issuedAt;

  @Column(name = "EXPIRES_AT")
  private Long expiresAt;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

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

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getCourseId() {
    return courseId;
  }

  public void setCourseId(String courseId) {
    this.courseId = courseId;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getSerial() {
    return serial;
  }

  public void setSerial(String serial) {
    this.serial = serial;
  }

  public long getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(long issuedAt) {
    this.issuedAt = issuedAt;
  }

  public Long getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(Long expiresAt) {
    this.expiresAt = expiresAt;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(long createdAt) {
    this.createdAt = createdAt;
  }
}
