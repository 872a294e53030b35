import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { rowMessageText } from "../logic";
import { type ImportRow } from "../types";

/** Rows of an import: number, identifier, a status or outcome label, and the row's message. */
export const RowsTable = ({
  rows,
  label,
  testId,
  thirdHeader,
  third,
  fourthHeader,
  due,
  more,
}: {
  rows: ImportRow[];
  label: string;
  testId: string;
  thirdHeader: string;
  third: (row: ImportRow) => ReactNode;
  fourthHeader: string;
  /** A column with the row's due time, for an import with dates. */
  due?: (row: ImportRow) => ReactNode;
  /** More to say after the row's message (the schedule it moves). */
  more?: (row: ImportRow) => ReactNode;
}) => {
  const { t } = useTranslation();
  return (
    <Table variant="compact" aria-label={label} data-testid={testId}>
      <Thead>
        <Tr>
          <Th width={10}>{t("bulk.check.column.row")}</Th>
          <Th>{t("bulk.check.column.identifier")}</Th>
          <Th>{t(thirdHeader)}</Th>
          {due && <Th>{t("bulk.check.column.dueAt")}</Th>}
          <Th>{t(fourthHeader)}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row, i) => (
          <Tr key={`${row.rowNumber ?? i}`}>
            <Td dataLabel={t("bulk.check.column.row")}>
              {row.rowNumber ?? "—"}
            </Td>
            <Td dataLabel={t("bulk.check.column.identifier")}>
              {row.identifier || "—"}
            </Td>
            <Td dataLabel={t(thirdHeader)}>{third(row)}</Td>
            {due && (
              <Td dataLabel={t("bulk.check.column.dueAt")}>{due(row)}</Td>
            )}
            {/* The bundle's text of the row's message key; the server's English only as a fallback. */}
            <Td dataLabel={t(fourthHeader)}>
              {rowMessageText(t, row)}
              {more?.(row)}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
