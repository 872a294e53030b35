// The user page's banners: what is scheduled for the user and when (a dated deactivation with its
// return, a dated deletion or reactivation, the end of a leave), and, for a user a bulk delete has
// deactivated and will delete at its due time, that deletion with Restore (after a confirmation)
// for admins who may manage users.
import { useAccess, useRealm } from "@keycloak/keycloak-admin-ui";
import { Alert, Button, Modal, ModalVariant } from "@patternfly/react-core";
import { UndoIcon } from "@patternfly/react-icons";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { errorText, formatDateTime } from "../bulk/logic";
import { toImport } from "../bulk/paths";
import { bannerSentences } from "../bulk/schedule";
import type { ScheduledEntry } from "../bulk/types";
import { toUsersTab } from "../users/paths";
import { useBulkApi } from "../bulk/useBulkApi";
import { useRestoreProgress } from "../bulk/useRestoreProgress";
import { restoreNotice, type RestoreNotice } from "./logic";
import type { PendingDeletion } from "./types";
import { useUserAcademyApi } from "./useUserAcademyApi";

type Props = {
  userId: string;
  /** After Restore: what to tell the admin; the page reloads the user. */
  onRestored: (notice: RestoreNotice) => void;
};

export function ScheduleBanner({ userId, onRestored }: Props) {
  const api = useUserAcademyApi();
  const [entries, setEntries] = useState<ScheduledEntry[]>([]);
  useEffect(() => {
    let live = true;
    setEntries([]);
    // Nothing scheduled, or not allowed to see it (view-users), or a server without the list: no
    // banner.
    api.scheduled(userId).then(
      (found) => live && setEntries(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, userId]);
  const pending = entries.find((e) => e.kind === "PENDING_DELETION");
  return (
    <>
      <ScheduledWork entries={entries} />
      {pending && (
        <PendingDeletionBanner
          userId={userId}
          entry={pending}
          onRestored={onRestored}
        />
      )}
    </>
  );
}

/** The dated work waiting for the user, one sentence each, with its import. */
function ScheduledWork({ entries }: { entries: ScheduledEntry[] }) {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const api = useUserAcademyApi();
  const sentences = bannerSentences(entries, i18n.language);
  const [names, setNames] = useState<Record<string, string>>({});
  const ids = [...new Set(sentences.map((s) => s.importId))].sort().join(" ");
  useEffect(() => {
    let live = true;
    for (const id of ids ? ids.split(" ") : []) {
      api.importFileName(id).then(
        (name) => live && name && setNames((all) => ({ ...all, [id]: name })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, ids]);
  if (sentences.length === 0) return null;
  const sentence = (s: (typeof sentences)[number], i: number) => (
    <span data-testid={`academy-scheduled-${i}`}>
      <Trans
        i18nKey={s.key}
        values={{ ...s.values, name: names[s.importId] || s.importId }}
        components={{ importLink: <Link to={toImport(realm, s.importId)} /> }}
      />
    </span>
  );
  return (
    <div className="pf-v5-u-px-lg pf-v5-u-pt-md">
      <Alert
        variant="info"
        isInline
        data-testid="academy-scheduled-banner"
        title={sentence(sentences[0], 0)}
        actionLinks={
          <Link
            to={toUsersTab(realm, "scheduled")}
            data-testid="academy-scheduled-all"
          >
            {t("academy.scheduled.showAll")}
          </Link>
        }
      >
        {sentences.slice(1).map((s, i) => (
          <p key={`${s.key}-${s.importId}-${i}`}>{sentence(s, i + 1)}</p>
        ))}
      </Alert>
    </div>
  );
}

function PendingDeletionBanner({
  userId,
  entry,
  onRestored,
}: Props & { entry: ScheduledEntry }) {
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const { hasAccess } = useAccess();
  const api = useUserAcademyApi();
  const bulk = useBulkApi();
  const [pending, setPending] = useState<PendingDeletion>();
  const [fileName, setFileName] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  // The engine restores the user in its next batch; the dialog waits for it, then the page reloads.
  const { follow, followed, isFollowing } = useRestoreProgress(
    (_userId, counts) => {
      if (!pending) return;
      const notice = restoreNotice(counts, pending);
      if (notice.variant === "danger") {
        setError(t(notice.key, notice.values));
        return;
      }
      setConfirming(false);
      onRestored(notice);
    },
  );
  const restoring = asking || isFollowing(userId);
  const readFailed = followed[userId]?.error;

  useEffect(() => {
    let live = true;
    // The scheduled list's entry, then the pending deletion's details (who asked for it, and
    // whether a restore enables the user again) when the server gives them.
    const fromEntry: PendingDeletion = {
      userId,
      username: entry.username ?? userId,
      email: entry.email,
      dueAt: entry.dueAt ?? "",
      importId: entry.importId,
      requestedBy: entry.requestedBy,
      enabledBefore: entry.enabledBefore ?? true,
    };
    setPending(fromEntry);
    api.pendingDeletion(userId).then(
      (found) => live && found && setPending(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, userId, entry]);

  useEffect(() => {
    if (!pending) return;
    let live = true;
    api.importFileName(pending.importId).then(
      (name) => live && setFileName(name),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, pending]);

  if (!pending) return null;

  const restore = async () => {
    const { importId } = pending;
    setAsking(true);
    setError(undefined);
    try {
      const started = await bulk.restore(importId, [userId]);
      follow(userId, started, () => bulk.getRestore(importId, started.id));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setAsking(false);
    }
  };

  const close = () => {
    setConfirming(false);
    setError(undefined);
  };

  return (
    <div className="pf-v5-u-px-lg pf-v5-u-pt-md">
      <Alert
        variant="warning"
        isInline
        data-testid="academy-pending-banner"
        title={
          <Trans
            i18nKey="academy.pending.banner"
            values={{
              date: formatDateTime(pending.dueAt, i18n.language),
              name: fileName || pending.importId,
            }}
            components={{
              importLink: (
                <Link
                  to={toImport(realm, pending.importId)}
                  data-testid="academy-pending-import"
                />
              ),
            }}
          />
        }
        actionLinks={
          hasAccess("manage-users") && (
            <Button
              variant="secondary"
              icon={<UndoIcon />}
              onClick={() => setConfirming(true)}
              data-testid="academy-restore"
            >
              {t("academy.pending.restore")}
            </Button>
          )
        }
      >
        {pending.requestedBy &&
          t("academy.pending.requestedBy", { username: pending.requestedBy })}
      </Alert>
      <Modal
        variant={ModalVariant.small}
        title={t("academy.pending.confirmTitle")}
        titleIconVariant="warning"
        isOpen={confirming}
        onClose={close}
        data-testid="academy-restore-modal"
        actions={[
          <Button
            key="restore"
            variant="primary"
            isLoading={restoring}
            isDisabled={restoring}
            onClick={restore}
            data-testid="academy-restore-confirm"
          >
            {t("academy.pending.restore")}
          </Button>,
          <Button
            key="cancel"
            variant="link"
            onClick={close}
            data-testid="academy-restore-cancel"
          >
            {t("academy.pending.cancel")}
          </Button>,
        ]}
      >
        {t(
          pending.enabledBefore
            ? "academy.pending.confirmBody"
            : "academy.pending.confirmBodyStaysDisabled",
          { username: pending.username },
        )}
        {(error || readFailed) && (
          <Alert
            variant="danger"
            isInline
            title={error ?? t("bulk.restore.readFailed", { error: readFailed })}
            className="pf-v5-u-mt-md"
            data-testid="academy-restore-error"
          />
        )}
      </Modal>
    </div>
  );
}
