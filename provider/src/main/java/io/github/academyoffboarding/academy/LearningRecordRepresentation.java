package io.github.academyoffboarding.academy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.academyoffboarding.common.AcademyException;
import io.github.academyoffboarding.common.IsoTimes;
import java.util.Arrays;
import java.util.Locale;

/**
 * A learning record in JSON. {@code id} and {@code createdAt} are set by the server and ignored on
 * input.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class LearningRecordRepresentation {

  private String id;
  private String courseId;
  private String courseName;
  private String status;
  private Integer score;
  private String startedAt;
  private String completedAt;
  private String createdAt;

  public static LearningRecordRepresentation from(LearningRecordEntity entity) {
    LearningRecordRepresentation rep = new LearningRecordRepresentation();
    rep.id = entity.getId();
    rep.courseId = entity.getCourseId();
    rep.courseName = entity.getCourseName();
    rep.status = entity.getStatus().name();
    rep.score = entity.getScore();
    rep.startedAt = IsoTimes.format(entity.getStartedAt());
    rep.completedAt = IsoTimes.format(entity.getCompletedAt());
    rep.createdAt = IsoTimes.format(entity.getCreatedAt());
    return rep;
  }

  /**
   * A new entity from this input, validated; id, realm, user and creation time are left to the
   * store.
   *
   * @throws AcademyException 400 with {@code academy.missing-field}, {@code
   *     academy.invalid-status}, {@code academy.score-out-of-range}, {@code academy.invalid-time},
   *     {@code academy.invalid-time-range} or {@code academy.field-too-long}
   */
  public LearningRecordEntity toNewEntity() {
    LearningRecordEntity entity = new LearningRecordEntity();
    entity.setCourseId(Fields.required("courseId", courseId));
    entity.setCourseName(Fields.optional("courseName", courseName));
    entity.setStatus(parseStatus(Fields.required("status", status)));
    if (score != null && (score < 0 || score > 100)) {
      throw AcademyException.badRequest(
          "academy.score-out-of-range", "Field 'score' must be between 0 and 100.");
    }
    entity.setScore(score);
    entity.setStartedAt(IsoTimes.parse("startedAt", startedAt));
    entity.setCompletedAt(IsoTimes.parse("completedAt", completedAt));
    Fields.notBefore("completedAt", entity.getCompletedAt(), "startedAt", entity.getStartedAt());
    return entity;
  }

  private static LearningStatus parseStatus(String value) {
    try {
      return LearningStatus.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw AcademyException.badRequest(
          "academy.invalid-status",
          "Field 'status' must be one of " + Arrays.toString(LearningStatus.values()) + ".");
    }
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

  public String getCourseName() {
    return courseName;
  }

  public void setCourseName(String courseName) {
    this.courseName = courseName;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Integer getScore() {
    return score;
  }

  public void setScore(Integer score) {
    this.score = score;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
  }
}
