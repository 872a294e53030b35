import {
  AdminUi,
  KeycloakProvider,
  routes as stockRoutes,
  type AdminEnvironment,
} from "@keycloak/keycloak-admin-ui";
import { lazy } from "react";
import type { RouteObject } from "react-router-dom";

const AcademyUsersSection = lazy(() => import("./users/AcademyUsersSection"));
const ImportWizardPage = lazy(() => import("./bulk/ImportWizardPage"));
const AcademyUserPage = lazy(() => import("./user/AcademyUserPage"));

type AppRoute = (typeof stockRoutes)[number];

/** The stock Users routes whose page we recompose with the Import button and Bulk imports tab. */
const USERS_PATHS = ["/:realm/users", "/:realm/users/:tab"];

/** The stock user details route: its page gains the Learning tab and the pending-deletion banner. */
const USER_PATH = "/:realm/users/:id/:tab";

// One route, with the import's id as a query parameter: a second path segment would make the
// console's breadcrumbs take it for a user ("/:realm/users/:id/:tab").
export const IMPORT_PATH = "/:realm/users/import";

/** The wizard lives under /users so that the sidebar keeps "Users" highlighted. */
export const importRoute: AppRoute = {
  path: IMPORT_PATH,
  element: <ImportWizardPage />,
  handle: {
    access: "manage-users",
    breadcrumb: (t) => t("bulk.wizard.title"),
  },
};

export function consoleRoutes(): AppRoute[] {
  const routes = stockRoutes.map((route) =>
    USERS_PATHS.includes(route.path)
      ? { ...route, element: <AcademyUsersSection /> }
      : route.path === USER_PATH
        ? { ...route, element: <AcademyUserPage /> }
        : route,
  );
  return [importRoute, ...routes];
}

export function rootRoute(environment: AdminEnvironment): RouteObject {
  return {
    path: "/",
    element: (
      // KeycloakProvider from the admin UI package: its context is the one its pages read.
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    children: consoleRoutes(),
  };
}

export const toUsersTab = (
  realm: string,
  tab: "list" | "imports" | "pending" | "permissions",
) => `/${encodeURIComponent(realm)}/users/${tab}`;

export const toImport = (realm: string, id?: string) =>
  `/${encodeURIComponent(realm)}/users/import${id ? `?id=${encodeURIComponent(id)}` : ""}`;

/** The user details page of the stock console (its route "/:realm/users/:id/:tab"). */
export const toUserDetails = (realm: string, id: string) =>
  `/${encodeURIComponent(realm)}/users/${encodeURIComponent(id)}/settings`;
