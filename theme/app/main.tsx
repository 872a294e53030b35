import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";
import "./styles.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider, createHashRouter } from "react-router-dom";
import { readEnvironment } from "./environment";
import { createI18n } from "./i18n";
import { rootRoute } from "./routes";

const environment = readEnvironment();
// The stock console renders only after its messages are loaded; so do we.
await createI18n(environment).init();

const router = createHashRouter([rootRoute(environment)]);
createRoot(document.getElementById("app")!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
