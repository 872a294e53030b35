// The Users page's paths and link helper, without JSX: pages import this, never the route table.

/** The stock Users routes whose page we recompose with the Import button and Bulk imports tab. */
export const USERS_PATHS = ["/:realm/users", "/:realm/users/:tab"];

export type UsersTab =
  "list" | "imports" | "scheduled" | "attention" | "permissions";

/** The tab an address of an earlier version names now: the Pending deletion tab became Scheduled. */
export const renamedTab = (tab: string | undefined): UsersTab | undefined =>
  tab === "pending" ? "scheduled" : undefined;

export const toUsersTab = (realm: string, tab: UsersTab) =>
  `/${encodeURIComponent(realm)}/users/${tab}`;
