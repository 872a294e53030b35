import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.ts", "build/**/*.test.ts"],
    environment: "node",
    // PatternFly's components import their CSS: their ES modules go through Vite (which reads CSS
    // as nothing), so that rendering tests can load them; Node's require of the CommonJS build fails.
    server: { deps: { inline: [/@patternfly\//] } },
    alias: [
      {
        find: /^@patternfly\/(react-core|react-table)$/,
        replacement: "@patternfly/$1/dist/esm/index.js",
      },
    ],
  },
});
