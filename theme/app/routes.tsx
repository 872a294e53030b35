import {
  AdminUi,
  KeycloakProvider,
  routes as stockRoutes,
  type AdminEnvironment,
} from "@keycloak/keycloak-admin-ui";
import { lazy } from "react";
import type { RouteObject } from "react-router-dom";
import { IMPORT_PATH } from "./bulk/paths";
import { USER_PATH } from "./user/paths";
import { USERS_PATHS } from "./users/paths";

// The route table only: pages import their links from the paths files, so none imports this one.

const AcademyUsersSection = lazy(() => import("./users/AcademyUsersSection"));
const ImportWizardPage = lazy(() => import("./bulk/ImportWizardPage"));
const AcademyUserPage = lazy(() => import("./user/AcademyUserPage"));

type AppRoute = (typeof stockRoutes)[number];

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
