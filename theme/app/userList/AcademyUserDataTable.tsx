// The user list of the Users page's first tab, carried in the theme because the stock table
// (UserDataTable, @keycloak/keycloak-admin-ui 26.7.3) takes no extra toolbar items. It follows
// js/apps/admin-ui/src/components/users/UserDataTable.tsx line by line (columns, search modes with
// the attribute search, the user profile, federation-linked users, brute-force status and Unlock,
// paging, Add user, the row kebab) and keeps using the stock toolbar, UserDataTableToolbarItems,
// which the package exports. What differs: Delete (the toolbar's and the row's) opens the
// extension's dialog, which goes through the restore window, and the toolbar has Deactivate and
// Reactivate for the ticked users. See README.md in this folder.
import type { UserProfileConfig } from "@keycloak/keycloak-admin-client/lib/defs/userProfileMetadata";
import type UserRepresentation from "@keycloak/keycloak-admin-client/lib/defs/userRepresentation";
import { NetworkError } from "@keycloak/keycloak-admin-client";
import {
  ErrorRenderer,
  UserDataTableToolbarItems,
  fetchAdminUI,
  useAccess,
  useAdminClient,
  useConfirmDialog,
  useRealm,
} from "@keycloak/keycloak-admin-ui";
import {
  AlertProvider,
  ErrorBoundaryFallback,
  ErrorBoundaryProvider,
  KeycloakDataTable,
  KeycloakSpinner,
  ListEmptyState,
  useAlerts,
  useFetch,
} from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  ButtonVariant,
  Chip,
  ChipGroup,
  EmptyState,
  FlexItem,
  Label,
  Text,
  TextContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import {
  ExclamationCircleIcon,
  InfoCircleIcon,
  WarningTriangleIcon,
} from "@patternfly/react-icons";
import type { IRowData } from "@patternfly/react-table";
import { useEffect, useState, type ComponentProps } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router-dom";
import type { BulkAction } from "../bulk/types";
import { resultAlert, type ChosenUser } from "./logic";
import { toAddUser, toUser } from "./paths";
import { UserActionDialog, type ActionResult } from "./UserActionDialog";

type ToolbarProps = ComponentProps<typeof UserDataTableToolbarItems>;
type UserFilter = ToolbarProps["activeFilters"];
type SearchType = ToolbarProps["searchType"];
type UiRealmInfo = { userProfileProvidersEnabled?: boolean };

export type BruteUser = UserRepresentation & {
  bruteForceStatus?: Record<string, object>;
};

/** An alert to show when the list opens, e.g. after a delete-now from the user's page. */
export type UserListNotice = {
  key: string;
  values?: Record<string, string | number>;
  variant: "success" | "warning" | "danger";
};

const emptyFormatter = () => (data?: unknown) =>
  (data ? data : "\u2014") as string;

const UserDetailLink = (user: BruteUser) => {
  const { t } = useTranslation();
  const { realm } = useRealm();
  return (
    <>
      <Link to={toUser(realm, user.id!)}>
        {user.username}
        <StatusRow user={user} />
      </Link>
      {user.attributes?.["is_temporary_admin"]?.[0] === "true" && (
        <Tooltip content={t("temporaryAdmin")}>
          <WarningTriangleIcon
            className="pf-v5-u-ml-sm"
            id="temporary-admin-label"
          />
        </Tooltip>
      )}
    </>
  );
};

const StatusRow = ({ user }: { user: BruteUser }) => {
  const { t } = useTranslation();
  return (
    <>
      {!user.enabled && (
        <Label color="red" icon={<InfoCircleIcon />}>
          {t("disabled")}
        </Label>
      )}
      {user.bruteForceStatus?.disabled && (
        <Label color="orange" icon={<WarningTriangleIcon />}>
          {t("temporaryLocked")}
        </Label>
      )}
    </>
  );
};

const ValidatedEmail = (user: UserRepresentation) => {
  const { t } = useTranslation();
  return (
    <>
      {!user.emailVerified && (
        <Tooltip content={t("notVerified")}>
          <ExclamationCircleIcon className="keycloak__user-section__email-verified" />
        </Tooltip>
      )}{" "}
      {emptyFormatter()(user.email)}
    </>
  );
};

/**
 * Our own copies of ui-shared's alert and error contexts (the package's are not reachable from the
 * theme, see ADMIN_UI_NOTES): the table's and the dialog's alerts and a failed load show as the
 * stock ones do.
 */
export function AcademyUserDataTable() {
  return (
    <ErrorBoundaryProvider>
      <ErrorBoundaryFallback fallback={ErrorRenderer}>
        <AlertProvider>
          <UserTable />
        </AlertProvider>
      </ErrorBoundaryFallback>
    </ErrorBoundaryProvider>
  );
}

function UserTable() {
  const { adminClient } = useAdminClient();
  const { t, i18n } = useTranslation();
  const { addAlert, addError } = useAlerts();
  const { realm: realmName, realmRepresentation: realm } = useRealm();
  const { hasAccess } = useAccess();
  const navigate = useNavigate();
  const location = useLocation();
  const [uiRealmInfo, setUiRealmInfo] = useState<UiRealmInfo>({});
  const [searchUser, setSearchUser] = useState("");
  const [selectedRows, setSelectedRows] = useState<UserRepresentation[]>([]);
  const [searchType, setSearchType] = useState<SearchType>("default");
  const [searchDropdownOpen, setSearchDropdownOpen] = useState(false);
  const [activeFilters, setActiveFilters] = useState<UserFilter>({
    exact: false,
    userAttribute: [],
  });
  const [profile, setProfile] = useState<UserProfileConfig>({});
  const [query, setQuery] = useState("");
  const [dialog, setDialog] = useState<{
    action: BulkAction;
    users: ChosenUser[];
  }>();

  const [key, setKey] = useState(0);
  const refresh = () => setKey((k) => k + 1);

  // A notice handed over by the page that sent the admin here (the user page's delete now).
  useEffect(() => {
    const notice = (location.state as { academyNotice?: UserListNotice })
      ?.academyNotice;
    if (notice) {
      addAlert(t(notice.key, notice.values), notice.variant as AlertVariant);
      void navigate(".", { replace: true, state: null });
    }
    // Once, for the state the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useFetch(
    async () => {
      try {
        return await Promise.all([
          fetchAdminUI<UiRealmInfo>(adminClient, "ui-ext/info"),
          adminClient.users.getProfile(),
        ]);
      } catch (error) {
        if (error instanceof NetworkError && error.response.status === 403) {
          // "User Profile" attributes not available for Users Attribute search, when admin user does not have view- or manage-realm realm-management role
          return [{}, {}] as [UiRealmInfo, UserProfileConfig];
        } else {
          throw error;
        }
      }
    },
    ([uiRealmInfo, profile]) => {
      setUiRealmInfo(uiRealmInfo);
      setProfile(profile);
    },
    [],
  );

  const loader = async (first?: number, max?: number, search?: string) => {
    const params: { [name: string]: string | number | boolean } = {
      first: first!,
      max: max!,
      q: query!,
    };

    const searchParam = search || searchUser || "";
    if (searchParam) {
      params.search = searchParam;
    }

    if (activeFilters.exact) params.exact = true;

    if (!listUsers && !(params.search || params.q)) {
      return [];
    }

    try {
      return await fetchAdminUI<BruteUser[]>(
        adminClient,
        "ui-ext/brute-force-user",
        Object.fromEntries(
          Object.entries({ briefRepresentation: true, ...params }).map(
            ([k, v]) => [k, String(v)],
          ),
        ),
      );
    } catch (error) {
      if (uiRealmInfo.userProfileProvidersEnabled) {
        addError("noUsersFoundErrorStorage", error);
      } else {
        addError("noUsersFoundError", error);
      }
      return [];
    }
  };

  const [toggleUnlockUsersDialog, UnlockUsersConfirm] = useConfirmDialog({
    titleKey: "unlockAllUsers",
    messageKey: "unlockUsersConfirm",
    continueButtonLabel: "unlock",
    onConfirm: async () => {
      try {
        await adminClient.attackDetection.delAll();
        refresh();
        addAlert(t("unlockUsersSuccess"), AlertVariant.success);
      } catch (error) {
        addError("unlockUsersError", error);
      }
    },
  });

  const chosen = (users: UserRepresentation[]): ChosenUser[] =>
    users.map((u) => ({ id: u.id!, username: u.username }));
  const open = (action: BulkAction, users: UserRepresentation[]) =>
    setDialog({ action, users: chosen(users) });

  const done = ({ imp }: ActionResult) => {
    setDialog(undefined);
    const alert = resultAlert(imp, i18n.language);
    addAlert(t(alert.key, alert.values), alert.variant as AlertVariant);
    setSelectedRows([]);
    refresh();
  };

  const goToCreate = () => void navigate(toAddUser(realmName));

  // The realm's representation too: the stock toolbar reads its brute-force setting.
  if (uiRealmInfo.userProfileProvidersEnabled === undefined || !realm) {
    return <KeycloakSpinner />;
  }

  //should *only* list users when no user federation is configured
  const listUsers = !uiRealmInfo.userProfileProvidersEnabled;

  const clearAllFilters = () => {
    setActiveFilters({ exact: false, userAttribute: [] });
    setSearchUser("");
    setQuery("");
    refresh();
  };

  const createQueryString = (filters: UserFilter) => {
    return filters.userAttribute
      .map((filter) => `${filter.name}:${filter.value}`)
      .join(" ");
  };

  const searchUserWithAttributes = () => {
    const attributes = createQueryString(activeFilters);
    setQuery(attributes);
    refresh();
  };

  const createAttributeSearchChips = () => {
    return (
      <FlexItem>
        {activeFilters.userAttribute.length > 0 && (
          <>
            {Object.values(activeFilters.userAttribute).map((entry) => {
              return (
                <ChipGroup
                  className="pf-v5-u-mt-md pf-v5-u-mr-md"
                  data-testid="user-attribute-search-chips-group"
                  key={entry.name}
                  categoryName={
                    entry.displayName.length ? entry.displayName : entry.name
                  }
                  isClosable
                  onClick={(event) => {
                    event.stopPropagation();

                    const filtered = [...activeFilters.userAttribute].filter(
                      (chip) => chip.name !== entry.name,
                    );
                    const active = {
                      userAttribute: filtered,
                      exact: activeFilters.exact,
                    };

                    setActiveFilters(active);
                    setQuery(createQueryString(active));
                    refresh();
                  }}
                >
                  <Chip key={entry.name} isReadOnly>
                    {entry.value}
                  </Chip>
                </ChipGroup>
              );
            })}
          </>
        )}
      </FlexItem>
    );
  };

  // The stock toolbar only needs query-users to offer its actions (see UserDataTableToolbarItems);
  // the server decides per user, as it does for Delete.
  const isManager = hasAccess("query-users");
  const noneTicked = selectedRows.length === 0;

  const toolbar = () => {
    return (
      <>
        <UserDataTableToolbarItems
          searchDropdownOpen={searchDropdownOpen}
          setSearchDropdownOpen={setSearchDropdownOpen}
          realm={realm}
          hasSelectedRows={noneTicked}
          toggleDeleteDialog={() => open("DELETE", selectedRows)}
          toggleUnlockUsersDialog={toggleUnlockUsersDialog}
          goToCreate={goToCreate}
          searchType={searchType}
          setSearchType={setSearchType}
          searchUser={searchUser}
          setSearchUser={setSearchUser}
          activeFilters={activeFilters}
          setActiveFilters={setActiveFilters}
          refresh={refresh}
          profile={profile}
          clearAllFilters={clearAllFilters}
          createAttributeSearchChips={createAttributeSearchChips}
          searchUserWithAttributes={searchUserWithAttributes}
        />
        {isManager && (
          <>
            <ToolbarItem>
              <Button
                variant={ButtonVariant.secondary}
                isDisabled={noneTicked}
                onClick={() => open("DEACTIVATE", selectedRows)}
                data-testid="academy-deactivate-users"
              >
                {t("userList.toolbar.deactivate")}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button
                variant={ButtonVariant.secondary}
                isDisabled={noneTicked}
                onClick={() => open("REACTIVATE", selectedRows)}
                data-testid="academy-reactivate-users"
              >
                {t("userList.toolbar.reactivate")}
              </Button>
            </ToolbarItem>
          </>
        )}
      </>
    );
  };

  const subtoolbar = () => {
    if (!activeFilters.userAttribute.length) {
      return;
    }
    return (
      <div className="user-attribute-search-form-subtoolbar">
        <ToolbarItem>{createAttributeSearchChips()}</ToolbarItem>
        <ToolbarItem>
          <Button
            variant="link"
            onClick={() => {
              clearAllFilters();
            }}
          >
            {t("clearAllFilters")}
          </Button>
        </ToolbarItem>
      </div>
    );
  };

  return (
    <>
      {dialog && (
        <UserActionDialog
          action={dialog.action}
          users={dialog.users}
          onCancel={() => setDialog(undefined)}
          onDone={done}
        />
      )}
      <UnlockUsersConfirm />
      <KeycloakDataTable
        isSearching={
          searchUser !== "" || activeFilters.userAttribute.length !== 0
        }
        key={key}
        loader={loader}
        isPaginated
        ariaLabelKey="titleUsers"
        canSelectAll
        onSelect={(rows: UserRepresentation[]) => setSelectedRows([...rows])}
        emptyState={
          !listUsers ? (
            <>
              <Toolbar>
                <ToolbarContent>{toolbar()}</ToolbarContent>
              </Toolbar>
              <EmptyState data-testid="empty-state" variant="lg">
                <TextContent className="kc-search-users-text">
                  <Text>{t("searchForUserDescription")}</Text>
                </TextContent>
              </EmptyState>
            </>
          ) : (
            <ListEmptyState
              message={t("noUsersFound")}
              instructions={t("emptyInstructions")}
              primaryActionText={t("createNewUser")}
              onPrimaryAction={goToCreate}
            />
          )
        }
        toolbarItem={toolbar()}
        subToolbar={subtoolbar()}
        actionResolver={(rowData: IRowData) => [
          {
            title: t("delete"),
            onClick: () => open("DELETE", [rowData.data]),
          },
        ]}
        isRowDisabled={(user: UserRepresentation) => !user.access?.manage}
        columns={[
          {
            name: "username",
            displayKey: "username",
            cellRenderer: UserDetailLink,
          },
          {
            name: "email",
            displayKey: "email",
            cellRenderer: ValidatedEmail,
          },
          {
            name: "lastName",
            displayKey: "lastName",
            cellFormatters: [emptyFormatter()],
          },
          {
            name: "firstName",
            displayKey: "firstName",
            cellFormatters: [emptyFormatter()],
          },
        ]}
      />
    </>
  );
}
