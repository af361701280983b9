import { describe, expect, it } from "vitest";
import { dashboardHref, DEFAULT_QUERY, parseDashboardQuery, sortHref } from "./dashboard-query";

describe("parseDashboardQuery", () => {
  it("reads every parameter from the URL", () => {
    const q = parseDashboardQuery(new URLSearchParams("q=prod&status=failing&sort=lastTest&dir=desc&page=3&size=25&connection=abc123"));
    expect(q).toEqual({ q: "prod", status: "failing", connection: "abc123", sort: "lastTest", dir: "desc", page: 3, size: 25 });
  });

  it("falls back per field on hand-edited values instead of failing the page", () => {
    const q = parseDashboardQuery({ status: "broken", sort: "id;drop", page: "-4", size: "7", q: ["first", "second"], connection: "x' OR 1=1" });
    expect(q).toEqual({ ...DEFAULT_QUERY, q: "first" });
  });
});

describe("dashboardHref", () => {
  it("keeps only non-default values and round-trips", () => {
    const q = parseDashboardQuery({ q: "a b&c", status: "drift", page: "2" });
    const href = dashboardHref(q);
    expect(href).toBe("/?q=a+b%26c&status=drift&page=2");
    expect(parseDashboardQuery(new URLSearchParams(href.slice(2)))).toEqual(q);
    expect(dashboardHref(DEFAULT_QUERY)).toBe("/");
  });

  it("sort links flip the direction of the current column and reset the page", () => {
    const q = parseDashboardQuery({ sort: "account", dir: "asc", page: "4" });
    expect(sortHref(q, "account")).toBe("/?sort=account&dir=desc");
    expect(sortHref(q, "lastTest")).toBe("/?sort=lastTest&dir=desc");
    expect(sortHref(q, "status")).toBe("/?sort=status");
  });
});
