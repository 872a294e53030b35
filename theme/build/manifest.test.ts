import { describe, expect, it } from "vitest";
import { entries, rewriteImportsToFiles } from "./manifest";

describe("rewriteImportsToFiles", () => {
  const manifest = {
    "_index-abc.js": { file: "assets/index-abc.js" },
    "_routes-def.js": {
      file: "assets/routes-def.js",
      imports: ["_index-abc.js"],
    },
    "app/main.tsx": {
      file: "assets/main-123.js",
      isEntry: true,
      imports: ["_index-abc.js", "_routes-def.js"],
      css: ["assets/main-123.css"],
    },
  };

  it("turns chunk keys into the file paths Keycloak preloads", () => {
    const rewritten = rewriteImportsToFiles(manifest);
    expect(rewritten["app/main.tsx"].imports).toEqual([
      "assets/index-abc.js",
      "assets/routes-def.js",
    ]);
    expect(rewritten["_routes-def.js"].imports).toEqual([
      "assets/index-abc.js",
    ]);
    expect(rewritten["app/main.tsx"].css).toEqual(["assets/main-123.css"]);
  });

  it("finds the single entry", () => {
    expect(entries(manifest)).toEqual(["app/main.tsx"]);
  });
});
