// The check step's calendar: how many users the import acts on on each date, what it does then and
// at what time (in the browser's zone), by due time.
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useTranslation } from "react-i18next";
import {
  calendarDays,
  calendarWhat,
  formatDueTime,
  formatIsoDate,
} from "../schedule";
import type { BulkImport } from "../types";

export const CalendarTable = ({
  imp,
  timeZone,
}: {
  imp: Pick<BulkImport, "action" | "calendar">;
  /** For tests; the browser's zone otherwise. */
  timeZone?: string;
}) => {
  const { t, i18n } = useTranslation();
  const days = calendarDays(imp);
  if (days.length === 0) return null;
  return (
    <Table
      variant="compact"
      aria-label={t("bulk.check.calendar")}
      data-testid="bulk-calendar"
      className="pf-v5-u-mb-md"
    >
      <Thead>
        <Tr>
          <Th>{t("bulk.check.calendar.column.date")}</Th>
          <Th>{t("bulk.check.calendar.column.action")}</Th>
          <Th>{t("bulk.check.calendar.column.dueAt")}</Th>
          <Th>{t("bulk.check.calendar.column.users")}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {days.map((day) => {
          const what = calendarWhat(imp.action, day);
          return (
            <Tr
              key={`${day.date}-${day.action}`}
              data-testid={`bulk-calendar-${day.date}-${what}`}
            >
              <Td dataLabel={t("bulk.check.calendar.column.date")}>
                {formatIsoDate(day.date, i18n.language)}
              </Td>
              <Td dataLabel={t("bulk.check.calendar.column.action")}>
                {t(`bulk.calendar.action.${what}`)}
              </Td>
              <Td dataLabel={t("bulk.check.calendar.column.dueAt")}>
                {formatDueTime(day.dueAt, i18n.language, timeZone)}
              </Td>
              <Td dataLabel={t("bulk.check.calendar.column.users")}>
                {day.users}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
