// The additions to the stock user page's tree: found where the page has them, nothing else changed.
import {
  Fragment,
  cloneElement,
  createElement as h,
  isValidElement,
  type ReactElement,
  type ReactNode,
} from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  appendAfter,
  appendTab,
  replaceFirst,
  replaceHeaderItem,
} from "./userPage";

// Stand-ins for the package's ViewHeader, RoutableTabs, Tab and TabTitleText.
const Header = ({ title }: { title: string }) => h("h1", null, title);
const Title = ({ children }: { children?: ReactNode }) =>
  h("span", { className: "title" }, children);
const Tab = ({ title }: { title: ReactNode; eventKey: string }) =>
  h("li", null, title);
const Tabs = ({ children }: { children?: ReactNode }) =>
  h("ul", null, children);
const Other = ({ children }: { children?: ReactNode }) =>
  h("section", null, children);

/** Shaped like EditUser's answer: dialogs, header, then the tabs deep inside providers. */
const page = (extraTabs: ReactNode[] = []) =>
  h(
    Fragment,
    null,
    h("dialog", { id: "confirm" }),
    h(Header, { title: "learner" }),
    h(
      Other,
      null,
      h(
        Other,
        null,
        h(
          Tabs,
          null,
          h(Tab, {
            eventKey: "/r/users/1/settings",
            title: h(Title, null, "Details"),
          }),
          false,
          h(Tab, {
            eventKey: "/r/users/1/sessions",
            title: h(Title, null, "Sessions"),
          }),
          ...extraTabs,
        ),
      ),
    ),
  );

describe("replaceFirst", () => {
  it("answers the very same tree when nothing matches", () => {
    const tree = page();
    const result = replaceFirst(tree, () => undefined);
    expect(result.found).toBe(false);
    expect(result.node).toBe(tree);
  });

  it("replaces the first match only, keeping untouched branches identical", () => {
    const tree = page() as ReactElement<{ children: ReactElement[] }>;
    const result = replaceFirst(tree, (e) =>
      e.type === Tab ? h("b", null, "first tab") : undefined,
    );
    expect(result.found).toBe(true);
    const markup = renderToStaticMarkup(result.node as ReactElement);
    expect(markup).toContain("<b>first tab</b>");
    expect(markup).toContain("Sessions");
    const children = (result.node as ReactElement<{ children: ReactElement[] }>)
      .props.children;
    expect(children[0]).toBe(tree.props.children[0]);
    expect(children[1]).toBe(tree.props.children[1]);
  });
});

describe("appendAfter", () => {
  it("puts the extra right after the header", () => {
    const { node, found } = appendAfter(
      page(),
      Header,
      h("div", null, "banner"),
    );
    expect(found).toBe(true);
    expect(renderToStaticMarkup(node as ReactElement)).toMatch(
      /<h1>learner<\/h1><div>banner<\/div><section>/,
    );
  });

  it("finds nothing in the page's spinner", () => {
    const spinner = h("div", { role: "progressbar" });
    expect(appendAfter(spinner, Header, "banner")).toEqual({
      node: spinner,
      found: false,
    });
  });
});

describe("appendTab", () => {
  it("adds a last tab built from the page's own Tab and title types", () => {
    const types: unknown[] = [];
    const { node, found } = appendTab(page(), Tabs, (TabType, TitleType) => {
      types.push(TabType, TitleType);
      return h(TabType, {
        eventKey: "/r/users/1/learning",
        title: h(TitleType, null, "Learning"),
      });
    });
    expect(found).toBe(true);
    expect(types).toEqual([Tab, Title]);
    expect(renderToStaticMarkup(node as ReactElement)).toContain(
      '<ul><li><span class="title">Details</span></li><li><span class="title">Sessions</span></li><li><span class="title">Learning</span></li></ul>',
    );
  });

  it("leaves tabs without a recognisable tab alone", () => {
    const empty = h(Tabs, null, "text");
    const { node } = appendTab(empty, Tabs, () => h("li", null, "x"));
    expect(isValidElement(node) && renderToStaticMarkup(node)).toBe(
      "<ul>text</ul>",
    );
  });
});

describe("replaceHeaderItem", () => {
  const Item = ({ children }: { children?: ReactNode; onClick?: () => void }) =>
    h("button", null, children);
  const header = (items: ReactNode[]) =>
    h(
      Fragment,
      null,
      h("dialog", { id: "confirm" }),
      h(Header, { title: "learner", dropdownItems: items } as never),
      h(Other, null, "tabs"),
    );

  it("replaces the header's delete item, keeping the others in place", () => {
    const stockDelete = () => "stock";
    const impersonate = h(Item, { key: "impersonate" }, "Impersonate");
    const tree = header([
      impersonate,
      h(Item, { key: "delete", onClick: stockDelete }, "Delete"),
    ]);
    const ours = () => "ours";
    const { node, found } = replaceHeaderItem(tree, Header, "delete", (item) =>
      cloneElement(item, { onClick: ours }),
    );
    expect(found).toBe(true);
    const newHeader = (node as ReactElement<{ children: ReactNode[] }>).props
      .children[1] as ReactElement<{ dropdownItems: ReactElement[] }>;
    const items = newHeader.props.dropdownItems;
    expect(items[0]).toBe(impersonate);
    expect(items[1].key).toBe("delete");
    expect((items[1].props as { onClick: () => string }).onClick()).toBe(
      "ours",
    );
    // The rest of the page is the very same elements.
    const before = (tree as ReactElement<{ children: ReactNode[] }>).props
      .children;
    const after = (node as ReactElement<{ children: ReactNode[] }>).props
      .children;
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
  });

  it("finds nothing, and changes nothing, without the item or the header", () => {
    const noDelete = header([h(Item, { key: "impersonate" }, "Impersonate")]);
    expect(replaceHeaderItem(noDelete, Header, "delete", () => null)).toEqual({
      node: noDelete,
      found: false,
    });
    const noHeader = h(Other, null, h(Tabs, null));
    expect(replaceHeaderItem(noHeader, Header, "delete", () => null)).toEqual({
      node: noHeader,
      found: false,
    });
  });
});
