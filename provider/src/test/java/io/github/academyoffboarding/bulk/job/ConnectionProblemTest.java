package io.github.academyoffboarding.bulk.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures pause a job (the database is in trouble) and which fail one row (that user is in
 * trouble). The chains are shaped as the cluster test saw them on PostgreSQL 15 through Hibernate
 * and Keycloak: a ModelException around Hibernate's GenericJDBCException around the driver's
 * exception.
 */
class ConnectionProblemTest {

  @Test
  void aTerminatedConnectionPausesTheJob() {
    SQLException terminated =
        new SQLException("FATAL: terminating connection due to administrator command", "57P01");
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped(
                    "JDBC exception executing SQL [FATAL: terminating connection]", terminated)))
        .isTrue();
  }

  @Test
  void aRefusedConnectionPausesTheJob() {
    // ALLOW_CONNECTIONS false: PostgreSQL answers 55000, which alone says nothing about
    // connections.
    SQLException refused =
        new SQLException("FATAL: database \"kc\" is not currently accepting connections", "55000");
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped("Unable to acquire JDBC Connection [FATAL: ...] [n/a]", refused)))
        .isTrue();
  }

  @Test
  void tooManyConnectionsAndClosedConnectionsPauseTheJob() {
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped("x", new SQLException("too many clients", "53300"))))
        .isTrue();
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped("x", new SQLException("This connection has been closed.", "08003"))))
        .isTrue();
  }

  @Test
  void aUserSpecificFailureFailsOnlyThatRow() {
    SQLException trigger = new SQLException("ERROR: user 42 is on legal hold", "P0001");
    assertThat(FailureKind.isConnectionProblem(wrapped("could not execute statement", trigger)))
        .isFalse();
    SQLException constraint =
        new SQLException("ERROR: update or delete violates foreign key constraint", "23503");
    assertThat(FailureKind.isConnectionProblem(wrapped("could not execute statement", constraint)))
        .isFalse();
    assertThat(FailureKind.isConnectionProblem(new IllegalStateException("no"))).isFalse();
  }

  /**
   * A statement timeout (PostgreSQL 57014) reads as a connection problem and pauses the job; what
   * bounds it is the rows' attempt count, not this classification.
   */
  @Test
  void aStatementTimeoutPausesTheJob() {
    SQLException timeout =
        new SQLException("ERROR: canceling statement due to statement timeout", "57014");
    assertThat(FailureKind.isConnectionProblem(wrapped("could not execute statement", timeout)))
        .isTrue();
  }

  @Test
  void aFailureIsNamedByItsRootClassAndSqlStateNeverByItsText() {
    SQLException trigger = new SQLException("ERROR: alice@example.org is on legal hold", "P0001");
    assertThat(FailureKind.name(wrapped("delete from USER_ENTITY where ID=?", trigger)))
        .isEqualTo("SQLException P0001");
    assertThat(FailureKind.name(new IllegalStateException("users removed meanwhile: [x]")))
        .isEqualTo("IllegalStateException");
    // The SQLSTATE of a driver exception deeper in the chain than a plain root cause.
    SQLException withRoot =
        new SQLException("x", "23503", new java.io.IOException("socket said alice@example.org"));
    assertThat(FailureKind.name(wrapped("x", withRoot))).isEqualTo("IOException 23503");
    assertThat(FailureKind.name(wrapped("x", new SQLException("x", "not a state"))))
        .isEqualTo("SQLException");
  }

  /**
   * MariaDB Connector/J reports a trigger's SIGNAL (and any SQLSTATE it does not map) as a
   * SQLTransientConnectionException, as BoundedRetriesIT saw on MariaDB 10/11: the SQLSTATE says
   * what it is.
   */
  @Test
  void mariaDbsTransientConnectionClassDoesNotOverruleTheSqlState() {
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped(
                    "could not execute statement",
                    new java.sql.SQLTransientConnectionException("on hold", "45000"))))
        .isFalse();
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped(
                    "could not execute statement",
                    new java.sql.SQLTransientConnectionException("timeout", "57014"))))
        .isTrue();
    // Without a SQLSTATE the class still tells.
    assertThat(
            FailureKind.isConnectionProblem(
                wrapped("x", new java.sql.SQLTransientConnectionException("connection lost"))))
        .isTrue();
  }

  /**
   * A connection cut between the last statement and the commit: Narayana's RollbackException has no
   * cause, and what the resource threw (Agroal's XAException around the driver's exception) is
   * among its suppressed exceptions. ClusterIT's outage test met it once in CI: a poll logged
   * "could not look for work" with a stack trace instead of counting in the outage.
   */
  @Test
  void aCommitCutByTheOutagePausesTheJobAndNamesTheDriversFailure() {
    RuntimeException cut = failedCommit(new SQLException("An I/O error occurred", "08006"));
    assertThat(FailureKind.isConnectionProblem(cut)).isTrue();
    assertThat(DatabaseOutage.isUnreachable(cut)).isTrue();
    assertThat(FailureKind.name(cut)).isEqualTo("SQLException 08006");
    assertThat(DatabaseOutage.summary(cut)).isEqualTo("SQLException 08006: An I/O error occurred");

    // A deferred constraint refused at commit is that user's, not the database's trouble.
    RuntimeException refused = failedCommit(new SQLException("violates foreign key", "23503"));
    assertThat(FailureKind.isConnectionProblem(refused)).isFalse();
    assertThat(DatabaseOutage.isUnreachable(refused)).isFalse();
    // A deadlock found at commit may simply be run again.
    assertThat(FailureKind.isContention(failedCommit(new SQLException("deadlock", "40P01"))))
        .isTrue();
  }

  @Test
  void aFailureThatCarriesItselfEndsTheWalk() {
    RuntimeException loop = new RuntimeException("outer");
    RuntimeException inner = new RuntimeException("inner", loop);
    loop.addSuppressed(inner);
    assertThat(FailureTree.of(loop)).containsExactly(loop, inner);
    assertThat(FailureKind.isConnectionProblem(loop)).isFalse();
  }

  /** Shaped as Keycloak's JtaTransactionWrapper passes on a commit that Narayana could not do. */
  private static RuntimeException failedCommit(SQLException driver) {
    javax.transaction.xa.XAException resource =
        new javax.transaction.xa.XAException(
            "Error trying to transactionCommit local transaction: " + driver.getMessage());
    resource.initCause(driver);
    jakarta.transaction.RollbackException rollback =
        new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
    rollback.addSuppressed(resource);
    return new RuntimeException(rollback);
  }

  private static RuntimeException wrapped(String hibernateMessage, SQLException cause) {
    return new RuntimeException(
        "Database operation failed", new RuntimeException(hibernateMessage, cause));
  }
}
