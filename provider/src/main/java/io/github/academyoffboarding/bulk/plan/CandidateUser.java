package io.github.academyoffboarding.bulk.plan;

/**
 * A user found for an identifier, with what the planner needs to decide: whether the user is
 * enabled, and why the caller may not act on them ({@code protection} is null when they may).
 */
public record CandidateUser(String id, boolean enabled, Protection protection) {

  /** Why a user is left alone, with the English text the row and the report carry. */
  public enum Protection {
    CALLER("This is your own account."),
    SERVICE_ACCOUNT("This is the service account of a client."),
    ADMIN("This user is a realm administrator."),
    NOT_MANAGEABLE("You are not allowed to manage this user.");

    private final String text;

    Protection(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
