import { describe, expect, it } from "vitest";
import type { Row } from "../../src/experiments/types.js";
import { formatNumber, toCsv, toMarkdown } from "../../src/report/table.js";

describe("tables", () => {
  const rows: Row[] = [
    { method: "baseline", uptime: 0.78123456, note: 'a "quoted", comma' },
    { method: "hash|v2", uptime: 0.92, extra: null },
  ];

  it("writes CSV with a header from the union of keys, quoting per RFC 4180, numbers in full precision", () => {
    expect(toCsv(rows)).toBe('method,uptime,note,extra\nbaseline,0.78123456,"a ""quoted"", comma",\nhash|v2,0.92,,\n');
  });

  it("writes Markdown with escaped pipes, right-aligned numeric columns and readable numbers", () => {
    const md = toMarkdown(rows);
    expect(md.split("\n")[0]).toBe("| method | uptime | note | extra |");
    expect(md.split("\n")[1]).toBe("| --- | ---: | --- | --- |");
    expect(md).toContain("hash\\|v2");
    expect(md).toContain("0.7812");
  });

  it("formats numbers for reading", () => {
    expect(formatNumber(3)).toBe("3");
    expect(formatNumber(0.123456)).toBe("0.1235");
    expect(formatNumber(0.0000123)).toBe("1.230e-5");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("-inf");
  });
});
