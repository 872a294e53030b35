// Additions to the stock user details page's element tree (see AcademyUserPage.tsx for why the
// tree, not the page, is what we change). Pure functions over React elements, unit-tested.
import {
  Fragment,
  cloneElement,
  createElement,
  isValidElement,
  type ElementType,
  type ReactElement,
  type ReactNode,
} from "react";

type Props = { children?: ReactNode; title?: ReactNode } & Record<
  string,
  unknown
>;
type Element = ReactElement<Props>;

/**
 * The tree with the first element that `replace` answers for replaced by its answer, searched depth
 * first through `children`; the very same tree when nothing matched. Elements off the changed path
 * are kept as they are, so React keeps their state.
 */
export function replaceFirst(
  node: ReactNode,
  replace: (element: Element) => ReactNode | undefined,
): { node: ReactNode; found: boolean } {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const inner = replaceFirst(node[i] as ReactNode, replace);
      if (inner.found) {
        const copy = [...node];
        copy[i] = inner.node;
        return { node: copy, found: true };
      }
    }
    return { node, found: false };
  }
  if (!isValidElement<Props>(node)) return { node, found: false };
  const replaced = replace(node);
  if (replaced !== undefined) return { node: replaced, found: true };
  const { children } = node.props;
  if (children === undefined) return { node, found: false };
  const inner = replaceFirst(children, replace);
  if (!inner.found) return { node, found: false };
  // Spread: the children stay "static" as JSX wrote them (no key warnings, same reconciliation).
  return {
    node: cloneElement(
      node,
      undefined,
      ...(Array.isArray(inner.node) ? inner.node : [inner.node]),
    ),
    found: true,
  };
}

/** The element of type `type` followed by `extra`, in a fragment that is there on every render. */
export function appendAfter(
  tree: ReactNode,
  type: ElementType,
  extra: ReactNode,
) {
  return replaceFirst(tree, (element) =>
    element.type === type
      ? createElement(Fragment, null, element, extra)
      : undefined,
  );
}

/**
 * The tabs element of type `tabsType` with one more tab at the end. The tab is made by `makeTab`
 * from the types of the tabs already there: the page's own Tab and TabTitleText come from the admin
 * UI package's copy of PatternFly, and only those work inside its Tabs.
 */
export function appendTab(
  tree: ReactNode,
  tabsType: ElementType,
  makeTab: (tabType: ElementType, titleType: ElementType) => ReactNode,
) {
  return replaceFirst(tree, (element) => {
    if (element.type !== tabsType) return undefined;
    const children = element.props.children;
    const tabs = (Array.isArray(children) ? children : [children]).filter(
      (child): child is Element => isValidElement<Props>(child),
    );
    const model = tabs[0];
    const title = model?.props.title;
    if (!model || !isValidElement(title)) return element;
    return cloneElement(
      element,
      undefined,
      ...(Array.isArray(children) ? children : [children]),
      makeTab(model.type as ElementType, title.type as ElementType),
    );
  });
}

/**
 * The header element of type `headerType` with the item of its `dropdownItems` keyed `key` replaced
 * by `replace`'s answer (EditUser's Action menu: its "delete" item); the same tree, not found, when
 * the page has no such header or item.
 */
export function replaceHeaderItem(
  tree: ReactNode,
  headerType: ElementType,
  key: string,
  replace: (item: Element, header: Element) => ReactNode,
) {
  return replaceFirst(tree, (element) => {
    if (element.type !== headerType) return undefined;
    const items = element.props.dropdownItems;
    if (!Array.isArray(items)) return undefined;
    const at = items.findIndex(
      (item) => isValidElement(item) && item.key === key,
    );
    if (at < 0) return undefined;
    const copy = [...items];
    copy[at] = replace(items[at] as Element, element);
    return cloneElement(element, { dropdownItems: copy });
  });
}
