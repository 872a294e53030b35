// The console's i18n instance. The admin UI package imports react-i18next as a peer, so the
// instance registered here serves both the stock pages and ours. Messages come from the server,
// which merges this theme's messages/*.properties into the stock bundle.
import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import type { AdminEnvironment } from "@keycloak/keycloak-admin-ui";

type KeyValue = { key: string; value: string };

export function createI18n(environment: AdminEnvironment) {
  const i18n = createInstance({
    fallbackLng: "en",
    keySeparator: ".",
    nsSeparator: false,
    interpolation: { escapeValue: false },
    defaultNS: [environment.realm],
    ns: [environment.realm],
    backend: {
      loadPath: `${environment.adminBaseUrl.replace(/\/+$/, "")}/resources/{{ns}}/admin/{{lng}}`,
      parse: (data: string) =>
        Object.fromEntries(
          (JSON.parse(data) as KeyValue[]).map(({ key, value }) => [
            key,
            value,
          ]),
        ),
    },
  });
  i18n.use(FetchBackend);
  i18n.use(initReactI18next);
  return i18n;
}
