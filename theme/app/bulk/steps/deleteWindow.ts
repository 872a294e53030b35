// The check step's delete window, without JSX: the check step and DeleteWhen share it.
import { dueDate, formatDate, parseWindowDays } from "../logic";

/** The check step's choice of when a DELETE's users go: after a window of days (as typed), or now. */
export type DeleteWindow = { now: boolean; days: string };

/** The due date of a window chosen now, or a dash while the days typed are not a number of days. */
export function windowDueDate(value: DeleteWindow, lang: string) {
  const days = parseWindowDays(value.days);
  return days === undefined ? "\u2014" : formatDate(dueDate(`P${days}D`), lang);
}
