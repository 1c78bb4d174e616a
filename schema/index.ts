export * from "./agencies";
export * from "./areas";
export * from "./audit";
export * from "./calendar";
export * from "./outbox";
export * from "./settings";
