// The imports a list names (the Scheduled tab's import buttons, the check step's moved schedules),
// read once each, so that a sentence can give an import's file name and counts rather than its id.
import { useEffect, useState } from "react";
import type { BulkApi } from "./api";
import type { BulkImport } from "./types";

export function useImports(api: BulkApi, ids: readonly string[]) {
  const [found, setFound] = useState<Record<string, BulkImport>>({});
  const wanted = [...new Set(ids)].sort().join("\n");
  useEffect(() => {
    let live = true;
    for (const id of wanted ? wanted.split("\n") : []) {
      api.getImport(id).then(
        (imp) => live && imp && setFound((all) => ({ ...all, [id]: imp })),
        // Not readable (erased, or not the caller's to view): the id stands in for its name.
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return found;
}

/** An import's name in a sentence: its file name, or its id. */
export const importName = (
  imports: Record<string, BulkImport>,
  id: string,
): string => imports[id]?.fileName || id;
