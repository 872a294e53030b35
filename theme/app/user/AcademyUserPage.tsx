// The stock user details page with a Learning tab and, for a user that a bulk delete will delete,
// a banner with Restore.
//
// Why this way: EditUser (exported by @keycloak/keycloak-admin-ui 26.7.3) builds its tabs inline,
// from parts the package does not export (events, workflows, organizations, its form state), and
// offers no slot for another tab; the server-side tab SPI renders only configuration forms.
// Recomposing it would copy Keycloak's page and drift from it. So the page is kept whole: EditUser
// runs here as a hook (all its hooks, unconditionally, in this component) and the element tree it
// returns gets two additions (userPage.ts): the banner after its header, and a tab at the end of
// its RoutableTabs, made from the package's own Tab type. Every stock tab, the form, the header's
// switch and menus stay Keycloak's. Should a later EditUser change shape, the additions are simply
// not found and the stock page shows unchanged (the e2e suite notices). Patching the package's
// bundle at build time, or portalling a tab into its DOM, would be more fragile still.
import {
  EditUser,
  RoutableTabs,
  ViewHeader,
  useRealm,
} from "@keycloak/keycloak-admin-ui";
import { Alert, AlertActionCloseButton } from "@patternfly/react-core";
import {
  cloneElement,
  createElement,
  useEffect,
  useState,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import {
  generatePath,
  useHref,
  useNavigate,
  useParams,
} from "react-router-dom";
import { errorStatus } from "../bulk/logic";
import { resultAlert } from "../userList/logic";
import { toUserList } from "../userList/paths";
import {
  UserActionDialog,
  type ActionResult,
} from "../userList/UserActionDialog";
import { LearningTab } from "./LearningTab";
import { ScheduleBanner } from "./ScheduleBanner";
import { LEARNING_TAB, type RestoreNotice } from "./logic";
import type { AcademySummary } from "./types";
import { appendAfter, appendTab, replaceHeaderItem } from "./userPage";
import { useUserAcademyApi } from "./useUserAcademyApi";

const stockEditUser = EditUser.default;

export default function AcademyUserPage() {
  // A new key mounts the stock page afresh, which (re)loads the user: after Restore (its switch),
  // and when the address names another user (the stock page would keep showing the first one).
  const { id = "" } = useParams<{ id: string }>();
  const [generation, setGeneration] = useState(0);
  // The notice belongs to the user restored; another user's page does not show it.
  const [notice, setNotice] = useState<{
    userId: string;
    notice: RestoreNotice;
  }>();
  return (
    <UserPage
      key={`${id}/${generation}`}
      notice={notice?.userId === id ? notice.notice : undefined}
      onDismissNotice={() => setNotice(undefined)}
      onRestored={(n) => {
        setNotice({ userId: id, notice: n });
        setGeneration((g) => g + 1);
      }}
    />
  );
}

type Props = {
  notice?: RestoreNotice;
  onDismissNotice: () => void;
  onRestored: (notice: RestoreNotice) => void;
};

function UserPage({ notice, onDismissNotice, onRestored }: Props) {
  const page = stockEditUser();
  const { t, i18n } = useTranslation();
  const { realm } = useRealm();
  const { id = "" } = useParams<{ id: string }>();
  const learningPath = generatePath("/:realm/users/:id/:tab", {
    realm,
    id,
    tab: LEARNING_TAB,
  });
  const learningHref = useHref(learningPath);
  const learning = useLearningSummary(id);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<{ username?: string }>();

  // Action → Delete opens the extension's dialog (restore window, counts, Delete now) instead of
  // the stock confirmation. Not found (a later EditUser): the stock item stays; the e2e notices.
  const withDelete = replaceHeaderItem(
    page,
    ViewHeader,
    "delete",
    (item, header) =>
      cloneElement(item, {
        onClick: () =>
          setDeleting({
            username: header.props.titleKey as string | undefined,
          }),
      }),
  ).node;

  const deleted = ({ imp }: ActionResult) => {
    setDeleting(undefined);
    const alert = resultAlert(imp, i18n.language);
    if (imp.status === "SCHEDULED") {
      // Deactivated and pending: the page shows the banner with Restore.
      onRestored(alert);
    } else {
      void navigate(toUserList(realm), {
        state: { academyNotice: alert },
      });
    }
  };

  const notices: ReactNode = (
    <>
      {notice && (
        <div className="pf-v5-u-px-lg pf-v5-u-pt-md">
          <Alert
            variant={notice.variant}
            isInline
            title={t(notice.key, notice.values)}
            actionClose={<AlertActionCloseButton onClose={onDismissNotice} />}
            data-testid="academy-restore-notice"
          />
        </div>
      )}
      <ScheduleBanner userId={id} onRestored={onRestored} />
      {deleting && (
        <UserActionDialog
          action="DELETE"
          users={[{ id, username: deleting.username }]}
          onCancel={() => setDeleting(undefined)}
          onDone={deleted}
        />
      )}
    </>
  );

  const withBanner = appendAfter(withDelete, ViewHeader, notices).node;
  return appendTab(withBanner, RoutableTabs, (Tab, TabTitle) =>
    createElement(
      Tab,
      {
        "data-testid": "academy-learning-tab",
        eventKey: learningPath,
        href: learningHref,
        // The academy answers 403/404 for users this admin may not view or that it cannot hold.
        isHidden: learning.hidden,
        title: createElement(TabTitle, null, t("academy.learning.tab")),
      },
      <LearningTab userId={id} summary={learning.summary} />,
    ),
  ).node;
}

/** The user's academy counts, and whether the tab is of use (the academy may read the user). */
function useLearningSummary(userId: string) {
  const api = useUserAcademyApi();
  const [summary, setSummary] = useState<AcademySummary>();
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    let live = true;
    api.summary(userId).then(
      (s) => live && setSummary(s),
      (e: unknown) => {
        const status = errorStatus(e);
        if (live && (status === 403 || status === 404)) setHidden(true);
      },
    );
    return () => {
      live = false;
    };
  }, [api, userId]);
  return { summary, hidden };
}
