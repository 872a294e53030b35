// A row's due time in the check step, and the earlier schedule it moves ("moves the schedule of
// import X from <old> to <new>").
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { toImport } from "../paths";
import { formatDueTime, moveOf } from "../schedule";
import type { ImportRow } from "../types";

/** When the row's action happens: its due time (and return), or at the start for a row without date. */
export const RowDue = ({
  row,
  timeZone,
}: {
  row: ImportRow;
  timeZone?: string;
}) => {
  const { t, i18n } = useTranslation();
  if (!row.dueAt) {
    return <>{row.status === "MATCHED" ? t("bulk.check.atStart") : "\u2014"}</>;
  }
  return (
    <>
      <div>{formatDueTime(row.dueAt, i18n.language, timeZone)}</div>
      {row.untilAt && (
        <div className="pf-v5-u-color-200">
          {t("bulk.check.returnAt", {
            date: formatDueTime(row.untilAt, i18n.language, timeZone),
          })}
        </div>
      )}
    </>
  );
};

/** The earlier schedule the row moves, with a link to its import; nothing when it moves none. */
export const RowMove = ({
  row,
  realm,
  importName,
  timeZone,
}: {
  row: ImportRow;
  realm: string;
  /** The moved import's file name, when known; its id otherwise. */
  importName?: string;
  timeZone?: string;
}) => {
  const { i18n } = useTranslation();
  const move = moveOf(row, i18n.language, timeZone);
  if (!move) return null;
  return (
    <div data-testid={`bulk-row-moves-${row.rowNumber}`}>
      <Trans
        i18nKey={move.key}
        values={{
          name: importName || move.importId,
          from: move.from,
          to: move.to,
        }}
        components={{
          importLink: <Link to={toImport(realm, move.importId)} />,
        }}
      />
    </div>
  );
};
