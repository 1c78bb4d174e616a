/**
 * One broken rule, for people and programs: `path` names the field (`members[3].occupation`, or
 * `members` for the list as a whole), `code` is stable for programs, `message` is in Bahasa
 * Indonesia. It is an `ErrorDetail` of the error envelope plus the code.
 */
export interface Violation {
  path: string;
  code: string;
  message: string;
}
