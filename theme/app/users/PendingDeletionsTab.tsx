// The realm's users waiting for their deletion (a bulk DELETE's restore window), searchable and
// paged, each with a Restore.
import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  EmptyStateHeader,
  Pagination,
  SearchInput,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ConfirmModal } from "../bulk/ConfirmModal";
import {
  errorText,
  formatDateTime,
  type Notice,
  restoreNotices,
} from "../bulk/logic";
import type { PendingDeletion, RestoreCounts } from "../bulk/types";
import { useBulkApi } from "../bulk/useBulkApi";
import { useRestoreProgress } from "../bulk/useRestoreProgress";
import { toImport } from "../bulk/paths";
import { toUserDetails } from "../user/paths";
import { usePagedUsers } from "./usePagedUsers";

export function PendingDeletionsTab() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useBulkApi();
  const { hasAccess } = useAccess();
  const canManage = hasAccess("manage-users");
  // What is typed, and what was searched for (on Enter or the search button).
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const fetchPage = useCallback(
    (first: number, max: number) =>
      api.listPendingDeletions(first, max, search),
    [api, search],
  );
  const {
    first,
    setFirst,
    max,
    setPerPage,
    page,
    users,
    error,
    setError,
    reload,
  } = usePagedUsers(fetchPage);
  const [confirm, setConfirm] = useState<PendingDeletion>();
  const [acting, setActing] = useState(false);
  const [notices, setNotices] = useState<
    (Notice & { id: number; name: string })[]
  >([]);

  const nameOf = (user: PendingDeletion) => user.username || user.userId;

  // Each restore is followed by its user's id until the engine is done; then the notices name the
  // user and the list is read again. The names stay known when the user leaves the page shown.
  const names = useRef(new Map<string, string>());
  const { follow, followed, forget, isFollowing } = useRestoreProgress(
    (userId: string, counts: RestoreCounts) => {
      const now = Date.now();
      const name = names.current.get(userId) ?? userId;
      setNotices((all) => [
        ...all.filter((n) => n.name !== name),
        // One user: each notice that applies names it ("0 restored" would not).
        ...restoreNotices(counts)
          .filter((n) => n.count > 0)
          .map((n, i) => ({ ...n, id: now + i, name })),
      ]);
      reload();
    },
  );

  const restore = async () => {
    if (!confirm) return;
    const { importId, userId } = confirm;
    setActing(true);
    setError(undefined);
    try {
      names.current.set(userId, nameOf(confirm));
      const started = await api.restore(importId, [userId]);
      follow(userId, started, () => api.getRestore(importId, started.id));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setActing(false);
      setConfirm(undefined);
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
      titles={{ paginationAriaLabel: t("bulk.pending.pagination") }}
    />
  );

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              placeholder={t("bulk.pending.search")}
              aria-label={t("bulk.pending.search")}
              value={typed}
              onChange={(_e, value) => setTyped(value)}
              onSearch={(_e, value) => runSearch(value)}
              onClear={() => {
                setTyped("");
                runSearch("");
              }}
              data-testid="bulk-pending-search"
              className="academy-pending__search"
            />
          </ToolbarItem>
          <ToolbarItem>
            <Button
              variant="secondary"
              icon={<SyncAltIcon />}
              onClick={reload}
              data-testid="bulk-pending-refresh"
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
            title={t(`${n.key}.user`, { count: n.count, name: n.name })}
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
      {confirm && (
        <ConfirmModal
          testId="bulk-confirm-restore-user"
          busy={acting}
          title={t("bulk.pending.restore.title", { name: nameOf(confirm) })}
          confirmLabel={t("bulk.pending.restore.confirm")}
          onConfirm={restore}
          onCancel={() => setConfirm(undefined)}
        >
          {t(
            confirm.enabledBefore === false
              ? "bulk.pending.restore.bodyDisabled"
              : "bulk.pending.restore.body",
            { name: nameOf(confirm) },
          )}
        </ConfirmModal>
      )}
      {!page && !error && (
        <Spinner aria-label={t("bulk.loading")} className="pf-v5-u-m-md" />
      )}
      {page && users.length === 0 && (
        <EmptyState>
          <EmptyStateHeader
            titleText={t(
              search ? "bulk.pending.noMatch" : "bulk.pending.empty",
            )}
            headingLevel="h2"
          />
          <EmptyStateBody>
            {t(search ? "bulk.pending.noMatchHelp" : "bulk.pending.emptyHelp")}
          </EmptyStateBody>
        </EmptyState>
      )}
      {users.length > 0 && (
        <Table
          aria-label={t("bulk.pending.tab")}
          variant="compact"
          data-testid="bulk-pending-table"
        >
          <Thead>
            <Tr>
              <Th>{t("bulk.pending.column.username")}</Th>
              <Th>{t("bulk.pending.column.email")}</Th>
              <Th>{t("bulk.pending.column.dueAt")}</Th>
              <Th>{t("bulk.pending.column.requestedBy")}</Th>
              <Th>{t("bulk.pending.column.import")}</Th>
              <Th>{t("bulk.imports.column.actions")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {users.map((user) => (
              <Tr key={user.userId} data-testid={`bulk-pending-${user.userId}`}>
                <Td dataLabel={t("bulk.pending.column.username")}>
                  <Link to={toUserDetails(realm, user.userId)}>
                    {nameOf(user)}
                  </Link>
                </Td>
                <Td dataLabel={t("bulk.pending.column.email")}>
                  {user.email || "—"}
                </Td>
                <Td dataLabel={t("bulk.pending.column.dueAt")}>
                  {formatDateTime(user.dueAt, i18n.language)}
                </Td>
                <Td dataLabel={t("bulk.pending.column.requestedBy")}>
                  {user.requestedBy || "—"}
                </Td>
                <Td dataLabel={t("bulk.pending.column.import")}>
                  <Link
                    to={toImport(realm, user.importId)}
                    aria-label={t("bulk.pending.openImportOf", {
                      name: nameOf(user),
                    })}
                  >
                    {t("bulk.pending.openImport")}
                  </Link>
                </Td>
                <Td dataLabel={t("bulk.imports.column.actions")}>
                  {canManage ? (
                    <Button
                      variant="secondary"
                      size="sm"
                      // Until the engine is done with this user; focusable all the while.
                      isLoading={isFollowing(user.userId)}
                      isAriaDisabled={isFollowing(user.userId)}
                      onClick={() => setConfirm(user)}
                      aria-label={t("bulk.pending.restoreOf", {
                        name: nameOf(user),
                      })}
                      data-testid={`bulk-restore-user-${user.userId}`}
                    >
                      {t(
                        isFollowing(user.userId)
                          ? "bulk.restore.restoring"
                          : "bulk.imports.restore",
                      )}
                    </Button>
                  ) : (
                    "—"
                  )}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {users.length > 0 && pagination("bottom")}
    </>
  );
}
