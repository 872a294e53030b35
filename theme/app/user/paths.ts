// The user details page's path and link helper, without JSX: pages import this, never the route table.

/** The stock user details route: its page gains the Learning tab and the pending-deletion banner. */
export const USER_PATH = "/:realm/users/:id/:tab";

/** The user details page of the stock console (its route "/:realm/users/:id/:tab"). */
export const toUserDetails = (realm: string, id: string) =>
  `/${encodeURIComponent(realm)}/users/${encodeURIComponent(id)}/settings`;
