import react from "@vitejs/plugin-react";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import {
  entries,
  rewriteImportsToFiles,
  type Manifest,
} from "./build/manifest";

// Built straight into the jar's layout: theme/academy-admin/admin/resources/.
const outDir = resolve(
  __dirname,
  "target/classes/theme/academy-admin/admin/resources",
);

/** Makes the manifest usable by Keycloak's admin index.ftl (see build/manifest.ts). */
const keycloakManifest = (): Plugin => ({
  name: "keycloak-manifest",
  apply: "build",
  writeBundle() {
    const path = join(outDir, ".vite", "manifest.json");
    const manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
    const found = entries(manifest);
    if (found.length !== 1) {
      throw new Error(
        `Expected one entry chunk in the manifest, found ${found.length}.`,
      );
    }
    writeFileSync(
      path,
      JSON.stringify(rewriteImportsToFiles(manifest), null, 2),
    );
  },
});

export default defineConfig({
  // Relative asset URLs: Keycloak serves them under /resources/<version>/admin/academy-admin/.
  base: "",
  publicDir: false,
  plugins: [react(), keycloakManifest()],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    // main.tsx awaits the messages at top level.
    target: "esnext",
    sourcemap: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: resolve(__dirname, "app/main.tsx"),
      // Served by index.ftl's import map (React 18), shared with nothing else on the page.
      external: ["react", "react/jsx-runtime", "react-dom", "react-dom/client"],
      output: {
        paths: { "react-dom/client": "react-dom" },
      },
    },
  },
});
