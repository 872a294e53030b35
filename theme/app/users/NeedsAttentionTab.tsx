// The realm's users a bulk delete's restore window disabled that the purge left as they are
// (skipped: they became protected; failed: after every attempt), each with the reason, Restore and
// Delete now. Nobody the window disabled is left unlisted.
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
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ConfirmModal } from "../bulk/ConfirmModal";
import { errorText, fillParams, formatDateTime } from "../bulk/logic";
import type { NeedsAttention } from "../bulk/types";
import { useBulkApi } from "../bulk/useBulkApi";
import { toImport } from "../bulk/paths";
import { toUserDetails } from "../user/paths";
import { usePagedUsers } from "./usePagedUsers";

type Pending = { user: NeedsAttention; action: "restore" | "delete" };

export function NeedsAttentionTab() {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useBulkApi();
  const { hasAccess } = useAccess();
  const canManage = hasAccess("manage-users");
  const fetchPage = useCallback(
    (first: number, max: number) => api.listNeedsAttention(first, max),
    [api],
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
  const [confirm, setConfirm] = useState<Pending>();
  const [acting, setActing] = useState(false);
  const [notices, setNotices] = useState<
    { id: number; key: string; name: string }[]
  >([]);

  const nameOf = (user: NeedsAttention) => user.username || user.userId;

  const reasonOf = (user: NeedsAttention) => {
    const template = t(user.reason, { defaultValue: "" });
    return template && template !== user.reason
      ? fillParams(template, user.reasonParams)
      : user.message || user.reason;
  };

  const act = async () => {
    if (!confirm) return;
    const { user, action } = confirm;
    setActing(true);
    setError(undefined);
    try {
      if (action === "restore") {
        await api.restoreNeedingAttention(user.userId);
      } else {
        await api.deleteNeedingAttention(user.userId);
      }
      setNotices([
        {
          id: Date.now(),
          key:
            action === "restore"
              ? "bulk.attention.restored"
              : "bulk.attention.deleted",
          name: nameOf(user),
        },
      ]);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setActing(false);
      setConfirm(undefined);
      reload();
    }
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
      titles={{ paginationAriaLabel: t("bulk.attention.pagination") }}
    />
  );

  return (
    <>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button
              variant="secondary"
              icon={<SyncAltIcon />}
              onClick={reload}
              data-testid="bulk-attention-refresh"
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
          data-testid="bulk-attention-error"
        />
      )}
      <AlertGroup isLiveRegion className="pf-v5-u-mx-md">
        {notices.map((n) => (
          <Alert
            key={n.id}
            variant="success"
            isInline
            title={t(n.key, { name: n.name })}
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
      {confirm && confirm.action === "restore" && (
        <ConfirmModal
          testId="bulk-confirm-attention-restore"
          busy={acting}
          title={t("bulk.attention.restore.title", {
            name: nameOf(confirm.user),
          })}
          confirmLabel={t("bulk.attention.restore.confirm")}
          onConfirm={act}
          onCancel={() => setConfirm(undefined)}
        >
          {t(
            confirm.user.enabledBefore === false
              ? "bulk.attention.restore.bodyDisabled"
              : "bulk.attention.restore.body",
            { name: nameOf(confirm.user) },
          )}
        </ConfirmModal>
      )}
      {confirm && confirm.action === "delete" && (
        <ConfirmModal
          testId="bulk-confirm-attention-delete"
          danger
          busy={acting}
          title={t("bulk.attention.delete.title", {
            name: nameOf(confirm.user),
          })}
          confirmLabel={t("bulk.attention.delete.confirm")}
          onConfirm={act}
          onCancel={() => setConfirm(undefined)}
        >
          {t("bulk.attention.delete.body", { name: nameOf(confirm.user) })}
        </ConfirmModal>
      )}
      {!page && !error && (
        <Spinner aria-label={t("bulk.loading")} className="pf-v5-u-m-md" />
      )}
      {page && users.length === 0 && (
        <EmptyState>
          <EmptyStateHeader
            titleText={t("bulk.attention.empty")}
            headingLevel="h2"
          />
          <EmptyStateBody>{t("bulk.attention.emptyHelp")}</EmptyStateBody>
        </EmptyState>
      )}
      {users.length > 0 && (
        <Table
          aria-label={t("bulk.attention.tab")}
          variant="compact"
          data-testid="bulk-attention-table"
        >
          <Thead>
            <Tr>
              <Th>{t("bulk.pending.column.username")}</Th>
              <Th>{t("bulk.pending.column.email")}</Th>
              <Th>{t("bulk.attention.column.reason")}</Th>
              <Th>{t("bulk.attention.column.since")}</Th>
              <Th>{t("bulk.pending.column.import")}</Th>
              <Th>{t("bulk.imports.column.actions")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {users.map((user) => (
              <Tr
                key={user.userId}
                data-testid={`bulk-attention-${user.userId}`}
              >
                <Td dataLabel={t("bulk.pending.column.username")}>
                  <Link to={toUserDetails(realm, user.userId)}>
                    {nameOf(user)}
                  </Link>
                </Td>
                <Td dataLabel={t("bulk.pending.column.email")}>
                  {user.email || "—"}
                </Td>
                <Td
                  dataLabel={t("bulk.attention.column.reason")}
                  data-testid={`bulk-attention-reason-${user.userId}`}
                >
                  {reasonOf(user)}
                </Td>
                <Td dataLabel={t("bulk.attention.column.since")}>
                  {user.since ? formatDateTime(user.since, i18n.language) : "—"}
                </Td>
                <Td dataLabel={t("bulk.pending.column.import")}>
                  <Link
                    to={toImport(realm, user.importId)}
                    aria-label={t("bulk.attention.openImportOf", {
                      name: nameOf(user),
                    })}
                  >
                    {t("bulk.pending.openImport")}
                  </Link>
                </Td>
                <Td dataLabel={t("bulk.imports.column.actions")}>
                  {canManage ? (
                    <>
                      <Button
                        variant="secondary"
                        size="sm"
                        className="pf-v5-u-mr-sm"
                        onClick={() => setConfirm({ user, action: "restore" })}
                        aria-label={t("bulk.pending.restoreOf", {
                          name: nameOf(user),
                        })}
                        data-testid={`bulk-attention-restore-${user.userId}`}
                      >
                        {t("bulk.imports.restore")}
                      </Button>
                      <Button
                        variant="secondary"
                        isDanger
                        size="sm"
                        onClick={() => setConfirm({ user, action: "delete" })}
                        aria-label={t("bulk.attention.deleteOf", {
                          name: nameOf(user),
                        })}
                        data-testid={`bulk-attention-delete-${user.userId}`}
                      >
                        {t("bulk.attention.delete.confirm")}
                      </Button>
                    </>
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
