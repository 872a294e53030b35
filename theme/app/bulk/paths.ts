// The wizard's path and link helper, without JSX: pages import this, never the route table.

// One route, with the import's id as a query parameter: a second path segment would make the
// console's breadcrumbs take it for a user ("/:realm/users/:id/:tab").
export const IMPORT_PATH = "/:realm/users/import";

export const toImport = (realm: string, id?: string) =>
  `/${encodeURIComponent(realm)}/users/import${id ? `?id=${encodeURIComponent(id)}` : ""}`;
