import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

/** The environment Keycloak's index.ftl injects as JSON into the page. */
export function readEnvironment(doc: Document = document): AdminEnvironment {
  const script = doc.getElementById("environment");
  if (!script?.textContent) {
    throw new Error("The admin console page has no #environment script.");
  }
  return JSON.parse(script.textContent) as AdminEnvironment;
}
