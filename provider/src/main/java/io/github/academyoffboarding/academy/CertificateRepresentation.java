package io.github.academyoffboarding.academy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.academyoffboarding.common.IsoTimes;

/**
 * A certificate in JSON. {@code id} and {@code createdAt} are set by the server and ignored on
 * input; {@code issuedAt} defaults to the time of the request.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CertificateRepresentation {

  private String id;
  private String courseId;
  private String title;
  private String serial;
  private String issuedAt;
  private String expiresAt;
  private String createdAt;

  public static CertificateRepresentation from(CertificateEntity entity) {
    CertificateRepresentation rep = new CertificateRepresentation();
    rep.id = entity.getId();
    rep.courseId = entity.getCourseId();
    rep.title = entity.getTitle();
    rep.serial = entity.getSerial();
    rep.issuedAt = IsoTimes.format(entity.getIssuedAt());
    rep.expiresAt = IsoTimes.format(entity.getExpiresAt());
    rep.createdAt = IsoTimes.format(entity.getCreatedAt());
    return rep;
  }

  /**
   * A new entity from this input, validated (400 with {@code academy.missing-field}, {@code
   * academy.invalid-time}, {@code academy.invalid-time-range} or {@code academy.field-too-long});
   * serial uniqueness is the store's.
   */
  public CertificateEntity toNewEntity(long now) {
    CertificateEntity entity = new CertificateEntity();
    entity.setCourseId(Fields.optional("courseId", courseId));
    entity.setTitle(Fields.required("title", title));
    entity.setSerial(Fields.required("serial", serial));
    Long issued = IsoTimes.parse("issuedAt", issuedAt);
    entity.setIssuedAt(issued == null ? now : issued);
    entity.setExpiresAt(IsoTimes.parse("expiresAt", expiresAt));
    Fields.notBefore("expiresAt", entity.getExpiresAt(), "issuedAt", entity.getIssuedAt());
    return entity;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
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

  public String getIssuedAt() {
    return issuedAt;
  }

  public void setIssuedAt(String issuedAt) {
    this.issuedAt = issuedAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }
}
