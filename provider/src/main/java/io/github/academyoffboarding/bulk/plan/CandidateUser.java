package io.github.academyoffboarding.bulk.plan;

import io.github.academyoffboarding.bulk.RowMessage;

/**
 * A user found for an identifier, with what the planner needs to decide: whether the user is
 * enabled, and why the caller may not act on them ({@code protection} is null when they may).
 */
public record CandidateUser(String id, boolean enabled, Protection protection) {

  /** Why a user is left alone, with the message its row carries. */
  public enum Protection {
    CALLER(RowMessage.PROTECTED_CALLER),
    SERVICE_ACCOUNT(RowMessage.PROTECTED_SERVICE_ACCOUNT),
    ADMIN(RowMessage.PROTECTED_ADMIN),
    NOT_MANAGEABLE(RowMessage.PROTECTED_NOT_MANAGEABLE);

    private final RowMessage message;

    Protection(RowMessage message) {
      this.message = message;
    }

    public RowMessage message() {
      return message;
    }
  }
}
