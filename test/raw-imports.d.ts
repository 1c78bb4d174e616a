// A global (script) declaration file: in a module such as env.d.ts a wildcard `declare module` would not apply.

/** Vite's `?raw` imports: the file's text (test fixtures read the shipped CSV and JSON this way). */
declare module "*?raw" {
  const text: string;
  export default text;
}

/** Vite's `import.meta.glob`: the import-rule test reads the sources as text with it. */
interface ImportMeta {
  glob: import("vite/types/importGlob.d.ts").ImportGlobFunction;
}
