// The additions to the stock user page's tree: found where the page has them, nothing else changed.
import {
  Fragment,
  createElement as h,
  isValidElement,
  type ReactElement,
  type ReactNode,
} from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { appendAfter, appendTab, replaceFirst } from "./userPage";

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
