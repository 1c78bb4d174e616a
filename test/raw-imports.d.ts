// A global (script) declaration file: in a module such as env.d.ts a wildcard `declare module` would not apply.

/** Vite's `?raw` imports: the file's text (test fixtures read the shipped CSV and JSON this way). */
declare module "*?raw" {
  const text: string;
  export default text;
}
