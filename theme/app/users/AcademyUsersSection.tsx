// The stock Users page, recomposed from the admin UI package's exported parts, plus the Import
// button and the Bulk imports tab.
import {
  PermissionsTab,
  ViewHeader,
  useAccess,
  useRealm,
  useServerInfo,
} from "@keycloak/keycloak-admin-ui";
import {
  Button,
  PageSection,
  Tab,
  TabTitleText,
  Tabs,
} from "@patternfly/react-core";
import { UploadIcon } from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useParams } from "react-router-dom";
import { toImport } from "../bulk/paths";
import { renamedTab, toUsersTab, type UsersTab } from "./paths";
import { BulkImportsTab } from "./BulkImportsTab";
import { ScheduledTab } from "./ScheduledTab";
import { NeedsAttentionTab } from "./NeedsAttentionTab";
import { AcademyUserDataTable } from "../userList/AcademyUserDataTable";

const USERS_HELP_URL =
  "https://www.keycloak.org/docs/latest/server_admin/index.html#assembly-managing-users_server_administration_guide";

export default function AcademyUsersSection() {
  const { t } = useTranslation();
  const { realm } = useRealm();
  const { tab } = useParams<{ tab?: string }>();
  const navigate = useNavigate();
  const { hasAccess } = useAccess();
  const { features } = useServerInfo();

  // Same condition as the stock page.
  const canViewPermissions =
    !!features?.some(
      (f) => f.name === "ADMIN_FINE_GRAINED_AUTHZ" && f.enabled,
    ) && hasAccess("manage-authorization", "manage-users", "manage-clients");
  const canImport = hasAccess("manage-users");

  // An old link (…/users/pending) opens the tab it became.
  const renamed = renamedTab(tab);
  if (renamed) {
    return <Navigate to={toUsersTab(realm, renamed)} replace />;
  }

  const active: UsersTab =
    tab === "imports" || tab === "scheduled" || tab === "attention"
      ? tab
      : tab === "permissions" && canViewPermissions
        ? "permissions"
        : "list";

  return (
    <>
      <div className="academy-users__header">
        <ViewHeader
          titleKey="titleUsers"
          subKey="usersExplain"
          helpUrl={USERS_HELP_URL}
          divider={false}
        />
        {canImport && (
          <Button
            className="academy-users__import"
            variant="primary"
            icon={<UploadIcon />}
            data-testid="academy-import-button"
            onClick={() => navigate(toImport(realm))}
          >
            {t("bulk.import")}
          </Button>
        )}
      </div>
      <PageSection
        data-testid="users-page"
        variant="light"
        className="pf-v5-u-p-0"
      >
        <Tabs
          data-testid="user-tabs"
          activeKey={active}
          onSelect={(_event, key) =>
            navigate(toUsersTab(realm, key as UsersTab))
          }
          isBox
          mountOnEnter
          unmountOnExit
          aria-label={t("titleUsers")}
        >
          <Tab
            eventKey="list"
            id="list"
            data-testid="listTab"
            title={<TabTitleText>{t("userList")}</TabTitleText>}
          >
            <AcademyUserDataTable />
          </Tab>
          <Tab
            eventKey="imports"
            id="imports"
            data-testid="bulkImportsTab"
            title={<TabTitleText>{t("bulk.imports.tab")}</TabTitleText>}
          >
            <BulkImportsTab />
          </Tab>
          <Tab
            eventKey="scheduled"
            id="scheduled"
            data-testid="scheduledTab"
            title={<TabTitleText>{t("bulk.scheduled.tab")}</TabTitleText>}
          >
            <ScheduledTab />
          </Tab>
          <Tab
            eventKey="attention"
            id="attention"
            data-testid="needsAttentionTab"
            title={<TabTitleText>{t("bulk.attention.tab")}</TabTitleText>}
          >
            <NeedsAttentionTab />
          </Tab>
          {canViewPermissions && (
            <Tab
              eventKey="permissions"
              id="permissions"
              data-testid="permissionsTab"
              title={<TabTitleText>{t("permissions")}</TabTitleText>}
            >
              <PermissionsTab type="users" />
            </Tab>
          )}
        </Tabs>
      </PageSection>
    </>
  );
}
