import { Hono } from "hono";
import { STYLESHEET, STYLESHEET_PATH } from "../views/stylesheet";
import type { AppEnv } from "./context";

export const assetsRoutes = new Hono<AppEnv>().get(STYLESHEET_PATH, (c) => {
  c.header("Cache-Control", "public, max-age=31536000, immutable");
  return c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8" });
});
