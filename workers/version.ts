import pkg from "../package.json";

/** The deployed version, from package.json. */
export const APP_VERSION: string = pkg.version;
