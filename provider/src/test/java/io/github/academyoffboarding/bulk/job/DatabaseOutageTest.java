package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A database outage as the scheduler's polls see it: which failures are one, and one WARN when it
 * begins, one INFO when it ends, nothing per poll in between.
 */
class DatabaseOutageTest {

  @Test
  void unreachableIsAConnectionThatCannotBeHadOrWasLost() {
    assertThat(DatabaseOutage.isUnreachable(new SQLTransientConnectionException("refused")))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped(
                    "Unable to acquire JDBC Connection [n/a]",
                    new SQLException(
                        "FATAL: database \"kc\" is not currently accepting connections", "55000"))))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped(
                    "could not prepare statement",
                    new SQLException("Sorry, acquisition timeout!"))))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped(
                    "JDBC exception",
                    new SQLException(
                        "FATAL: terminating connection due to administrator command", "57P01"))))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnreachable(
                new IllegalStateException(
                    "x",
                    new SQLException(
                        "I/O error", "08006", new ConnectException("Connection refused")))))
        .isTrue();
    assertThat(
            DatabaseOutage.isUnreachable(
                new IllegalStateException("x", new java.net.UnknownHostException("db.example"))))
        .isTrue();
  }

  @Test
  void aDatabaseThatAnswersIsNoOutage() {
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped(
                    "could not execute",
                    new SQLException("canceling statement due to statement timeout", "57014"))))
        .isFalse();
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped("deadlock", new SQLException("deadlock", "40P01"))))
        .isFalse();
    assertThat(
            DatabaseOutage.isUnreachable(
                wrapped("constraint", new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(DatabaseOutage.isUnreachable(new IllegalStateException("a bug"))).isFalse();
  }

  @Test
  void oneWarningPerOutageAndOneSummaryWhenItEnds() {
    DatabaseOutage outage =
        new DatabaseOutage("node-a", Duration.ofSeconds(5), Duration.ofSeconds(60));
    RuntimeException down =
        wrapped(
            "Unable to acquire JDBC Connection",
            new SQLException(
                "Connection to 127.0.0.1:5432 refused.\nCheck that the hostname", "08001"));
    assertThat(outage.pollSucceeded(0, 0)).as("no outage, nothing to say").isNull();

    String warning = outage.pollFailed(down, 10_000);
    assertThat(warning)
        .startsWith(
            "Node node-a cannot reach the database (SQLException 08001: Connection to 127.0.0.1:5432 refused.)")
        .contains("pause on this node")
        .contains("polls again every 5 s")
        .contains("Check the database and the network to it")
        .doesNotContain("Check that the hostname");
    assertThat(outage.ongoing()).isTrue();
    assertThat(outage.pollFailed(down, 15_000)).isNull();
    assertThat(outage.pollFailed(down, 20_000)).isNull();

    String summary = outage.pollSucceeded(31_000, 2);
    assertThat(summary)
        .isEqualTo(
            "Node node-a reaches the database again after 21 s: 3 polls failed during the outage;"
                + " this poll claimed 2 bulk import(s), and jobs paused by the outage resume when"
                + " their lease ends (at most 60 s).");
    assertThat(outage.ongoing()).isFalse();
    assertThat(outage.pollSucceeded(36_000, 0)).isNull();

    // The next outage is a new one, with its own warning and count.
    assertThat(outage.pollFailed(down, 40_000)).isNotNull();
    assertThat(outage.pollSucceeded(45_000, 0)).contains("after 5 s: 1 polls failed");
  }

  private static RuntimeException wrapped(String hibernateMessage, SQLException cause) {
    return new RuntimeException(
        "org.keycloak.models.ModelException", new RuntimeException(hibernateMessage, cause));
  }
}
