/** Each trusted document's id by its text, given by the build (vite.config.ts). */
declare const __DOCUMENT_IDS__: Record<string, string>;
