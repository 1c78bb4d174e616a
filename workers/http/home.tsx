import { Hono } from "hono";
import { HomePage } from "../views/home";
import type { AppEnv } from "./context";

export const homeRoutes = new Hono<AppEnv>().get("/", (c) =>
  c.html(<HomePage regencyName={c.var.config.regencyName} officeName={c.var.config.officeName} />),
);
