package io.github.academyoffboarding.bulk.jpa;

import jakarta.persistence.Query;
import java.util.Collection;
import java.util.Collections;

/**
 * Binds some rows of one import to a query written {@code importId = :importId and rowNo between
 * :first and :last and rowNo in :rowNos}: the range makes the look-up a range of the index on
 * (IMPORT_ID, ROW_NO); "ROW_NO IN (…)" alone, behind IMPORT_ID, scanned every row of the import on
 * H2 (quadratic in the import's size).
 */
public final class RowRange {

  private RowRange() {}

  /** The query's condition on the rows, for an alias {@code a} of an entity with those fields. */
  public static String of(String a) {
    return a
        + ".importId = :importId and "
        + a
        + ".rowNo between :first and :last and "
        + a
        + ".rowNo in :rowNos";
  }

  public static <Q extends Query> Q bind(Q query, String importId, Collection<Integer> rowNos) {
    query
        .setParameter("importId", importId)
        .setParameter("first", Collections.min(rowNos))
        .setParameter("last", Collections.max(rowNos))
        .setParameter("rowNos", rowNos);
    return query;
  }
}
