import { describe, expect, it } from "vitest";
import { auditCsvRow, csvCell, csvRow } from "./audit-csv";
import { diffAuditValues } from "./audit-diff";
import { auditFilterQuery, auditTimeRange, EMPTY_AUDIT_FILTER, parseAuditFilter } from "./audit-filter";

describe("parseAuditFilter", () => {
  it("reads every filter and drops malformed values instead of failing", () => {
    const f = parseAuditFilter(new URLSearchParams("entityType=Connection&entityId=c1&actor=ada&action=connection.&from=2026-01-02&to=2026-01-03T10:30&page=2&seq=7"));
    expect(f).toEqual({ entityType: "Connection", entityId: "c1", actor: "ada", action: "connection.", from: "2026-01-02", to: "2026-01-03T10:30", seq: 7, page: 2 });
    expect(parseAuditFilter({ from: "yesterday", to: "2026-13-45", page: "-1", seq: "x" })).toEqual(EMPTY_AUDIT_FILTER);
  });

  it("round-trips through its query string, leaving the page out unless asked", () => {
    const f = parseAuditFilter({ actor: "a b", action: "auth.*", page: "3" });
    expect(auditFilterQuery(f)).toBe("actor=a+b&action=auth.*");
    expect(parseAuditFilter(new URLSearchParams(auditFilterQuery(f, { page: true })))).toEqual(f);
  });

  it("takes a date-only end as the whole day, in UTC", () => {
    expect(auditTimeRange({ from: "2026-01-02", to: "2026-01-02" })).toEqual({ gte: new Date("2026-01-02T00:00:00Z"), lt: new Date("2026-01-03T00:00:00Z") });
    expect(auditTimeRange({ from: "", to: "2026-01-02T10:30" })).toEqual({ lt: new Date("2026-01-02T10:31:00Z") });
  });
});

describe("diffAuditValues", () => {
  it("lists added, removed and changed fields by path", () => {
    const { changes } = diffAuditValues('{"name":"a","proxy":{"server":"http://p:1"},"targets":["1","2"]}', '{"name":"b","targets":["1","2","3"],"role":"admin"}');
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: "name", kind: "changed", before: '"a"', after: '"b"' },
        { path: "proxy.server", kind: "removed", before: '"http://p:1"' },
        { path: "targets[2]", kind: "added", after: '"3"' },
        { path: "role", kind: "added", after: '"admin"' },
      ]),
    );
    expect(changes).toHaveLength(4);
  });

  it("redacts secrets again on display, by key and by shape", () => {
    const leaked = JSON.stringify({ proxyPassword: "hunter2", note: "key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here" });
    const { changes } = diffAuditValues(null, leaked);
    const text = JSON.stringify(changes);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("wJalrXUtnFEMI");
    expect(changes.find((c) => c.path === "proxyPassword")?.after).toBe('"[REDACTED]"');
  });

  it("caps very large diffs and says how many were left out", () => {
    const after = JSON.stringify({ ids: Array.from({ length: 250 }, (_, i) => String(i)) });
    const { changes, omitted } = diffAuditValues(null, after);
    expect(changes).toHaveLength(200);
    expect(omitted).toBe(50);
  });
});

describe("CSV", () => {
  it("neutralises cells a spreadsheet would evaluate", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("plain")).toBe("plain");
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(csvRow(["a,b", 'say "hi"', "two\nlines", null, 3])).toBe('"a,b","say ""hi""","two\nlines",,3\r\n');
  });

  it("writes an event with its hashes and redacted values", () => {
    const line = auditCsvRow({ seq: 4, at: new Date("2026-01-02T03:04:05Z"), actorEmail: "a@x.io", actorId: "u1", action: "connection.update", entityType: "Connection", entityId: "c1", ip: null, before: null, after: '{"secretAccessKey":"abc","name":"n"}', prevHash: "p", hash: "h" });
    expect(line).toBe('4,2026-01-02T03:04:05.000Z,a@x.io,u1,connection.update,Connection,c1,,,"{""secretAccessKey"":""[REDACTED]"",""name"":""n""}",p,h\r\n');
  });
});
