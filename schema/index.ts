export * from "./agencies";
export * from "./areas";
export * from "./audit";
export * from "./calendar";
export * from "./idempotency";
export * from "./outbox";
export * from "./registrations";
export * from "./settings";
