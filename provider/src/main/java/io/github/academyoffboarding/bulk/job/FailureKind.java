package io.github.academyoffboarding.bulk.job;

import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * What a failed job transaction says about its cause: contention (run it again at once), a database
 * connection problem (pause the job and resume later), or anything else (one of the batch's users
 * is in trouble). Also names a failure for a row's message, without any of the text an exception
 * carries (SQL, values, e-mail addresses).
 */
final class FailureKind {

  private FailureKind() {}

  /**
   * Lock time-outs, deadlocks and serialization failures: the transaction may simply be run again.
   */
  static boolean isContention(Throwable e) {
    for (Throwable t : FailureTree.of(e)) {
      String name = t.getClass().getName();
      if (t instanceof java.sql.SQLTransactionRollbackException
          || t instanceof java.sql.SQLTimeoutException
          || (t instanceof SQLException s
              && s.getSQLState() != null
              && s.getSQLState().startsWith("40"))
          || name.endsWith("LockAcquisitionException")
          || name.endsWith("PessimisticLockException")
          || name.endsWith("OptimisticLockException")
          || name.endsWith("LockTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lost or refused database connection is not the user's fault: such a row must be retried, not
   * marked failed. Besides SQLSTATE class 08 (connection exception) this covers class 57 (operator
   * intervention: PostgreSQL's "terminating connection due to administrator command", 57P01, is
   * what a terminated or restarted server sends first), class 53 (insufficient resources: too many
   * connections) and any failure to obtain a connection from the pool, whatever SQLSTATE the server
   * gave for refusing it. Class 57 also holds a statement timeout (57014), which may fail the same
   * way on every try: the job bounds those retries with the rows' attempt count.
   */
  static boolean isConnectionProblem(Throwable e) {
    String state = null;
    boolean transientClass = false;
    for (Throwable t : FailureTree.of(e)) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.net.ConnectException
          || message.startsWith("Unable to acquire JDBC Connection")
          || message.startsWith("Acquisition timeout")) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().length() >= 2) {
        state = s.getSQLState(); // the innermost one wins: the database's own (FailureTree)
      }
      transientClass |=
          t instanceof SQLTransientException
              || t.getClass().getName().endsWith("JDBCConnectionException")
              || t.getClass().getName().endsWith("ConnectException");
    }
    if (state != null) {
      // The database's SQLSTATE decides over the exception's class: MariaDB Connector/J gives every
      // state it does not map (a trigger's SIGNAL '45000', say) a SQLTransientConnectionException,
      // which Hibernate turns into a JDBCConnectionException.
      return state.startsWith("08") || state.startsWith("57") || state.startsWith("53");
    }
    return transientClass;
  }

  /**
   * The failure's name for a row's message: the simple class name of the root cause, and the
   * SQLSTATE of the innermost {@link SQLException} in the chain if there is one (e.g. {@code
   * PSQLException 57014}). Never the exception's message.
   */
  static String name(Throwable e) {
    Throwable root = FailureTree.root(e);
    String state = null;
    for (Throwable t : FailureTree.of(e)) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        state = s.getSQLState();
      }
    }
    String name = root.getClass().getSimpleName();
    if (name.isEmpty()) {
      name = root.getClass().getName();
    }
    // A SQLSTATE is five characters of [0-9A-Z]; anything else is not one and is left out.
    return state != null && state.matches("[0-9A-Z]{5}") ? name + " " + state : name;
  }
}
