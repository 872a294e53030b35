// Keycloak reads the theme's .vite/manifest.json and turns the entry's `imports` into
// <link rel="modulepreload" href="{resourceUrl}/{import}">. Vite lists them by manifest key
// (e.g. "_index-abc123.js"), which is not a file path and 404s; rewrite them to the chunk files.

export type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  [key: string]: unknown;
};

export type Manifest = Record<string, ManifestChunk>;

export function rewriteImportsToFiles(manifest: Manifest): Manifest {
  const result: Manifest = {};
  for (const [key, chunk] of Object.entries(manifest)) {
    result[key] = chunk.imports
      ? {
          ...chunk,
          imports: chunk.imports.map(
            (imported) => manifest[imported]?.file ?? imported,
          ),
        }
      : chunk;
  }
  return result;
}

/** The entries of a manifest: Keycloak needs exactly one. */
export function entries(manifest: Manifest): string[] {
  return Object.entries(manifest)
    .filter(([, chunk]) => chunk.isEntry)
    .map(([key]) => key);
}
