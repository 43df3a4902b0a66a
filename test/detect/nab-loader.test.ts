import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listNabFiles, loadNabCorpus, loadNabSeries, loadNabPublishedScores, parseNabCsv, windowsToIndices } from "../../src/data/nab.js";
import { NAB_DIR } from "./nabDir.js";

function fakeNab(csv: string, windows: Record<string, Array<[string, string]>>): string {
  const dir = mkdtempSync(join(tmpdir(), "nab-"));
  mkdirSync(join(dir, "data", "cat"), { recursive: true });
  mkdirSync(join(dir, "labels"));
  writeFileSync(join(dir, "data", "cat", "f.csv"), csv);
  writeFileSync(join(dir, "labels", "combined_windows.json"), JSON.stringify(windows));
  return dir;
}

describe("NAB loader", () => {
  it("lists the 58 files by category and loads a series with its windows as row ranges", async () => {
    const files = await listNabFiles({ dir: NAB_DIR });
    expect(files.length).toBe(58);
    expect(files[0]).toBe("artificialNoAnomaly/art_daily_no_noise.csv");
    const s = await loadNabSeries("artificialWithAnomaly/art_daily_jumpsup.csv", { dir: NAB_DIR });
    expect(s.values.length).toBe(4032);
    expect(s.category).toBe("artificialWithAnomaly");
    expect(s.windows).toHaveLength(1);
    const w = s.windows[0]!;
    expect(s.timestamps[w.start]).toBe("2014-04-10 16:15:00");
    expect(s.timestamps[w.end]).toBe("2014-04-12 01:45:00");
  });

  it("loads the published scoreboard", async () => {
    const p = await loadNabPublishedScores({ dir: NAB_DIR });
    expect(p.twitterADVec!.standard).toBeCloseTo(47.06, 2);
    expect(Object.keys(p)).toContain("numenta");
  });

  it("names the file and line of a malformed value", () => {
    expect(() => parseNabCsv("timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,abc\n", "data/x.csv")).toThrow(/data\/x.csv line 3: value "abc"/);
    expect(() => parseNabCsv("time,val\n1,2\n", "data/x.csv")).toThrow(/line 1: header must have "timestamp" and "value"/);
    expect(() => parseNabCsv("timestamp,value\n2014,1,2\n", "data/x.csv")).toThrow(/line 2: expected 2 fields, got 3/);
  });

  it("names a window edge that is not a timestamp of the file", () => {
    expect(() => windowsToIndices(["a", "b", "c"], [["a", "z"]], "data/x.csv")).toThrow(/window end z is not a timestamp of data\/x.csv/);
    expect(windowsToIndices(["a", "b", "c"], [["b.000000", "c.000000"]], "x")).toEqual([{ start: 1, end: 2, startTime: "b", endTime: "c" }]);
  });

  it("rejects an unknown file and a file missing from the labels", async () => {
    await expect(loadNabCorpus({ dir: NAB_DIR, files: ["realTweets/nope.csv"] })).rejects.toThrow(/unknown file "realTweets\/nope.csv"/);
    const dir = fakeNab("timestamp,value\n2014-01-01 00:00:00,1\n", {});
    await expect(loadNabSeries("cat/f.csv", { dir })).rejects.toThrow(/"cat\/f.csv" has no entry in labels/);
  });

  it("reports a missing data file with its path", async () => {
    const dir = fakeNab("timestamp,value\n", { "cat/g.csv": [] });
    await expect(loadNabSeries("cat/g.csv", { dir })).rejects.toThrow(/cannot read data file .*cat\/g.csv/);
  });
});
