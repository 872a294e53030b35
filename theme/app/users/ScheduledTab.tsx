// The realm's scheduled work, searchable, filtered by action and paged: dated deactivations,
// deletions and reactivations not yet carried out, returns from leave, and users a bulk delete has
// deactivated who wait for the end of their restore window. Per user: Cancel or Do it now, or
// Restore for a pending deletion; per import: Deactivate now or Delete now.
import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Flex,
  FlexItem,
  Pagination,
  SearchInput,
  Spinner,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ConfirmModal } from "../bulk/ConfirmModal";
import {
  deleteNowNotices,
  errorText,
  type Notice,
  restoreNotices,
} from "../bulk/logic";
import { toImport } from "../bulk/paths";
import {
  entryKey,
  formatDueTime,
  importButtonsAt,
  type ImportChoice,
  scheduledChoices,
  scheduledWhat,
} from "../bulk/schedule";
import type { BulkAction, RestoreCounts, ScheduledEntry } from "../bulk/types";
import { useBulkApi } from "../bulk/useBulkApi";
import { importName, useImports } from "../bulk/useImports";
import { useRestoreProgress } from "../bulk/useRestoreProgress";
import { toUserDetails } from "../user/paths";
import { usePagedUsers } from "./usePagedUsers";

/** The action filter's choices: everything, or one action (returns are REACTIVATE). */
const FILTERS: (BulkAction | "ALL")[] = [
  "ALL",
  "DEACTIVATE",
  "REACTIVATE",
  "DELETE",
];

type Confirm =
  | { choice: "restore"; entry: ScheduledEntry }
  | { choice: "cancel" | "now"; entry: ScheduledEntry }
  | { choice: ImportChoice; importId: string };

/** A notice of the tab: a key of the bundles with its values; `.user` forms name one user. */
type TabNotice = {
  id: number;
  variant: Notice["variant"];
  key: string;
  values: Record<string, string | number>;
  perUser?: boolean;
};

export function ScheduledTab() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useBulkApi();
  const { hasAccess } = useAccess();
  const canManage = hasAccess("manage-users");
  // What is typed, and what was searched for (on Enter or the search button).
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [action, setAction] = useState<BulkAction>();
  const fetchPage = useCallback(
    (first: number, max: number) =>
      api.listScheduled(first, max, { search, action }),
    [api, search, action],
  );
  const {
    first,
    setFirst,
    max,
    setPerPage,
    page,
    users: entries,
    error,
    setError,
    reload,
  } = usePagedUsers(fetchPage);
  const [confirm, setConfirm] = useState<Confirm>();
  const [acting, setActing] = useState(false);
  const [notices, setNotices] = useState<TabNotice[]>([]);

  const buttonsAt = useMemo(() => importButtonsAt(entries), [entries]);
  // The imports whose own buttons show: their names and counts for the confirmations.
  const imports = useImports(
    api,
    entries.filter((e) => buttonsAt.has(entryKey(e))).map((e) => e.importId),
  );

  const nameOf = (entry: ScheduledEntry) => entry.username || entry.userId;
  const when = (iso?: string | null) => formatDueTime(iso, i18n.language);

  const notify = (found: Omit<TabNotice, "id">[], replace = false) => {
    const now = Date.now();
    const added = found.map((n, i) => ({ ...n, id: now + i }));
    setNotices((all) => (replace ? added : [...all, ...added]));
  };

  // Each restore is followed by its user's id until the engine is done; then the notices name the
  // user and the list is read again. The names stay known when the user leaves the page shown.
  const names = useRef(new Map<string, string>());
  const { follow, followed, forget, isFollowing } = useRestoreProgress(
    (userId: string, counts: RestoreCounts) => {
      const name = names.current.get(userId) ?? userId;
      // The user's earlier restore notices give way to this one's.
      setNotices((all) =>
        all.filter((n) => n.values.name !== name || !n.perUser),
      );
      // One user: each notice that applies names it ("0 restored" would not).
      notify(
        restoreNotices(counts)
          .filter((n) => n.count > 0)
          .map((n) => ({
            variant: n.variant,
            key: n.key,
            values: { count: n.count, name },
            perUser: true,
          })),
      );
      reload();
    },
  );

  const act = async () => {
    if (!confirm) return;
    setActing(true);
    setError(undefined);
    try {
      if (confirm.choice === "restore") {
        const { importId, userId } = confirm.entry;
        names.current.set(userId, nameOf(confirm.entry));
        const started = await api.restore(importId, [userId]);
        follow(userId, started, () => api.getRestore(importId, started.id));
      } else if ("entry" in confirm) {
        const { entry } = confirm;
        if (confirm.choice === "cancel") {
          await api.cancelScheduled(entry.userId, entry.action);
        } else {
          await api.scheduledNow(entry.userId, entry.action);
        }
        notify([
          {
            variant: "success",
            key: `bulk.scheduled.${confirm.choice}.done.${scheduledWhat(entry)}`,
            values: { name: nameOf(entry) },
          },
        ]);
      } else if (confirm.choice === "deactivateNow") {
        // The import's waiting deactivations, carried out at once by the engine.
        await api.deactivateNow(confirm.importId);
        notify(
          [
            {
              variant: "success",
              key: "bulk.scheduled.deactivateNow.done",
              values: { name: importName(imports, confirm.importId) },
            },
          ],
          true,
        );
      } else {
        const result = await api.deleteNow(confirm.importId);
        notify(
          deleteNowNotices(result).map((n) => ({
            variant: n.variant,
            key: n.key,
            values: { count: n.count },
          })),
          true,
        );
      }
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setActing(false);
      setConfirm(undefined);
      reload();
    }
  };

  const runSearch = (value: string) => {
    setSearch(value.trim());
    setFirst(0);
  };

  const pagination = (variant: "top" | "bottom") => (
    <Pagination
      variant={variant}
      isCompact={variant === "top"}
      perPage={max}
      page={Math.floor(first / max) + 1}
      itemCount={page?.total ?? 0}
      onSetPage={(_e, p) => setFirst((p - 1) * max)}
      onPerPageSelect={(_e, perPage) => setPerPage(perPage)}
      titles={{ paginationAriaLabel: t("bulk.scheduled.pagination") }}
    />
  );

  const confirmModal = () => {
    if (!confirm) return null;
    const close = () => setConfirm(undefined);
    if (confirm.choice === "restore") {
      const { entry } = confirm;
      return (
        <ConfirmModal
          testId="bulk-confirm-restore-user"
          busy={acting}
          title={t("bulk.pending.restore.title", { name: nameOf(entry) })}
          confirmLabel={t("bulk.pending.restore.confirm")}
          onConfirm={act}
          onCancel={close}
        >
          {t(
            entry.enabledBefore === false
              ? "bulk.pending.restore.bodyDisabled"
              : entry.enabledBefore === true
                ? "bulk.pending.restore.body"
                : "bulk.pending.restore.bodyAsBefore",
            { name: nameOf(entry) },
          )}
        </ConfirmModal>
      );
    }
    if ("entry" in confirm) {
      const { entry, choice } = confirm;
      const what = scheduledWhat(entry);
      const values = { name: nameOf(entry), date: when(entry.dueAt) };
      return (
        <ConfirmModal
          testId={`bulk-confirm-scheduled-${choice}`}
          danger={choice === "now" && entry.action !== "REACTIVATE"}
          busy={acting}
          title={t(`bulk.scheduled.${choice}.title.${what}`, values)}
          confirmLabel={t(`bulk.scheduled.${choice}.confirm`)}
          dismissLabel={
            choice === "cancel" ? t("bulk.scheduled.keep") : undefined
          }
          onConfirm={act}
          onCancel={close}
        >
          {t(`bulk.scheduled.${choice}.body.${what}`, values)}
        </ConfirmModal>
      );
    }
    const imp = imports[confirm.importId];
    const name = importName(imports, confirm.importId);
    if (confirm.choice === "deactivateNow") {
      return (
        <ConfirmModal
          testId="bulk-confirm-deactivateNow"
          danger
          busy={acting}
          title={t("bulk.scheduled.deactivateNow.title", { name })}
          confirmLabel={t("bulk.scheduled.deactivateNow.confirm")}
          onConfirm={act}
          onCancel={close}
        >
          {t("bulk.scheduled.deactivateNow.body", { name })}
        </ConfirmModal>
      );
    }
    const count = imp?.pendingDeletions ?? 0;
    return (
      <ConfirmModal
        testId="bulk-confirm-deleteNow"
        danger
        busy={acting}
        title={t("bulk.imports.deleteNow.title", { count })}
        confirmLabel={t("bulk.imports.deleteNow.confirm", { count })}
        onConfirm={act}
        onCancel={close}
      >
        {t("bulk.imports.deleteNow.body", {
          count,
          name,
          date: when(imp?.deletionDueAt),
        })}
      </ConfirmModal>
    );
  };

  const dueCell = (entry: ScheduledEntry) => (
    <>
      <div>{when(entry.dueAt)}</div>
      {entry.kind === "DATED" &&
        entry.action === "DELETE" &&
        entry.deleteAt && (
          <div className="pf-v5-u-color-200">
            {t("bulk.scheduled.deleteAt", { date: when(entry.deleteAt) })}
          </div>
        )}
      {entry.kind === "DATED" && entry.untilAt && (
        <div className="pf-v5-u-color-200">
          {t("bulk.scheduled.untilAt", { date: when(entry.untilAt) })}
        </div>
      )}
    </>
  );

  const importCell = (entry: ScheduledEntry) => {
    const choice = buttonsAt.get(entryKey(entry));
    const name = importName(imports, entry.importId);
    return (
      <Flex
        direction={{ default: "column" }}
        alignItems={{ default: "alignItemsFlexStart" }}
        spaceItems={{ default: "spaceItemsSm" }}
      >
        <FlexItem>
          <Link
            to={toImport(realm, entry.importId)}
            aria-label={t("bulk.scheduled.openImportOf", {
              name: nameOf(entry),
            })}
          >
            {t("bulk.pending.openImport")}
          </Link>
        </FlexItem>
        {canManage && choice && (
          <FlexItem>
            <Button
              variant={choice === "deleteNow" ? "danger" : "secondary"}
              size="sm"
              onClick={() => setConfirm({ choice, importId: entry.importId })}
              aria-label={t(`bulk.scheduled.${choice}.of`, { name })}
              data-testid={`bulk-scheduled-${choice}-${entry.importId}`}
            >
              {t(`bulk.scheduled.${choice}.button`)}
            </Button>
          </FlexItem>
        )}
      </Flex>
    );
  };

  const actionsCell = (entry: ScheduledEntry) => {
    if (!canManage) return "\u2014";
    const key = entryKey(entry);
    return (
      <Flex
        direction={{ default: "column" }}
        alignItems={{ default: "alignItemsFlexStart" }}
        spaceItems={{ default: "spaceItemsSm" }}
      >
        {scheduledChoices(entry).map((choice) => (
          <FlexItem key={choice}>
            {choice === "restore" ? (
              <Button
                variant="secondary"
                size="sm"
                // Until the engine is done with this user; focusable all the while.
                isLoading={isFollowing(entry.userId)}
                isAriaDisabled={isFollowing(entry.userId)}
                onClick={() => setConfirm({ choice: "restore", entry })}
                aria-label={t("bulk.pending.restoreOf", {
                  name: nameOf(entry),
                })}
                data-testid={`bulk-restore-user-${entry.userId}`}
              >
                {t(
                  isFollowing(entry.userId)
                    ? "bulk.restore.restoring"
                    : "bulk.imports.restore",
                )}
              </Button>
            ) : (
              <Button
                variant={choice === "now" ? "secondary" : "link"}
                isInline={choice === "cancel"}
                size="sm"
                onClick={() => setConfirm({ choice, entry })}
                aria-label={t(`bulk.scheduled.${choice}.of`, {
                  name: nameOf(entry),
                  what: t(`bulk.scheduled.what.${scheduledWhat(entry)}`),
                })}
                data-testid={`bulk-scheduled-${choice}-${key}`}
              >
                {t(`bulk.scheduled.${choice}.button`)}
              </Button>
            )}
          </FlexItem>
        ))}
      </Flex>
    );
  };

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              placeholder={t("bulk.scheduled.search")}
              aria-label={t("bulk.scheduled.search")}
              value={typed}
              onChange={(_e, value) => setTyped(value)}
              onSearch={(_e, value) => runSearch(value)}
              onClear={() => {
                setTyped("");
                runSearch("");
              }}
              data-testid="bulk-scheduled-search"
              className="academy-pending__search"
            />
          </ToolbarItem>
          <ToolbarItem>
            <ToggleGroup aria-label={t("bulk.scheduled.filter")}>
              {FILTERS.map((f) => (
                <ToggleGroupItem
                  key={f}
                  buttonId={`bulk-scheduled-filter-${f}`}
                  data-testid={`bulk-scheduled-filter-${f}`}
                  text={t(`bulk.scheduled.filter.${f}`)}
                  isSelected={(action ?? "ALL") === f}
                  onChange={() => {
                    setAction(f === "ALL" ? undefined : f);
                    setFirst(0);
                  }}
                />
              ))}
            </ToggleGroup>
          </ToolbarItem>
          <ToolbarItem>
            <Button
              variant="secondary"
              icon={<SyncAltIcon />}
              onClick={reload}
              data-testid="bulk-scheduled-refresh"
            >
              {t("bulk.imports.refresh")}
            </Button>
          </ToolbarItem>
          <ToolbarItem variant="pagination">{pagination("top")}</ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && (
        <Alert
          variant="danger"
          isInline
          title={error}
          className="pf-v5-u-m-md"
          data-testid="bulk-scheduled-error"
        />
      )}
      {Object.entries(followed)
        .filter(([, entry]) => entry.error)
        .map(([userId, entry]) => (
          <Alert
            key={userId}
            variant="warning"
            isInline
            className="pf-v5-u-m-md"
            title={t("bulk.restore.readFailed", { error: entry.error })}
            data-testid={`bulk-restore-read-failed-${userId}`}
            actionClose={
              <AlertActionCloseButton
                onClose={() => {
                  forget(userId);
                  reload();
                }}
              />
            }
          />
        ))}
      <AlertGroup isLiveRegion className="pf-v5-u-mx-md">
        {notices.map((n) => (
          <Alert
            key={n.id}
            variant={n.variant}
            isInline
            title={t(n.perUser ? `${n.key}.user` : n.key, n.values)}
            data-testid={`bulk-notice-${n.key}`}
            actionClose={
              <AlertActionCloseButton
                onClose={() =>
                  setNotices((all) => all.filter((x) => x.id !== n.id))
                }
              />
            }
          />
        ))}
      </AlertGroup>
      {confirmModal()}
      {!page && !error && (
        <Spinner aria-label={t("bulk.loading")} className="pf-v5-u-m-md" />
      )}
      {page && entries.length === 0 && (
        <EmptyState>
          <EmptyStateHeader
            titleText={t(
              search || action
                ? "bulk.scheduled.noMatch"
                : "bulk.scheduled.empty",
            )}
            headingLevel="h2"
          />
          <EmptyStateBody>
            {t(
              search || action
                ? "bulk.scheduled.noMatchHelp"
                : "bulk.scheduled.emptyHelp",
            )}
          </EmptyStateBody>
        </EmptyState>
      )}
      {entries.length > 0 && (
        <Table
          aria-label={t("bulk.scheduled.tab")}
          variant="compact"
          data-testid="bulk-scheduled-table"
        >
          <Thead>
            <Tr>
              <Th>{t("bulk.scheduled.column.user")}</Th>
              <Th>{t("bulk.scheduled.column.email")}</Th>
              <Th>{t("bulk.scheduled.column.action")}</Th>
              <Th>{t("bulk.scheduled.column.kind")}</Th>
              <Th>{t("bulk.scheduled.column.dueAt")}</Th>
              <Th>{t("bulk.scheduled.column.import")}</Th>
              <Th>{t("bulk.imports.column.actions")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {entries.map((entry) => (
              <Tr
                key={entryKey(entry)}
                data-testid={`bulk-scheduled-row-${entryKey(entry)}`}
              >
                <Td dataLabel={t("bulk.scheduled.column.user")}>
                  <Link to={toUserDetails(realm, entry.userId)}>
                    {nameOf(entry)}
                  </Link>
                </Td>
                <Td dataLabel={t("bulk.scheduled.column.email")}>
                  {entry.email || "\u2014"}
                </Td>
                <Td dataLabel={t("bulk.scheduled.column.action")}>
                  {t(`bulk.scheduled.what.${scheduledWhat(entry)}`)}
                </Td>
                <Td dataLabel={t("bulk.scheduled.column.kind")}>
                  {t(`bulk.scheduled.kind.${entry.kind}`)}
                </Td>
                <Td dataLabel={t("bulk.scheduled.column.dueAt")}>
                  {dueCell(entry)}
                </Td>
                <Td dataLabel={t("bulk.scheduled.column.import")}>
                  {importCell(entry)}
                </Td>
                <Td dataLabel={t("bulk.imports.column.actions")}>
                  {actionsCell(entry)}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {entries.length > 0 && pagination("bottom")}
    </>
  );
}
