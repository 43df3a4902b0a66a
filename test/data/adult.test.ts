import { describe, expect, it } from "vitest";
import { loadAdult, parseAdult } from "../../src/data/adult.js";

const ROW = "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, 2174, 0, 40, United-States, <=50K";

describe("Adult loader", () => {
  it("reads the real UCI files: 32,561 + 16,281 rows, 24.08% >50K in adult.data", async () => {
    const { train, test } = await loadAdult();
    expect(train.n).toBe(32561);
    expect(test.n).toBe(16281);
    const rate = train.label.reduce((a, b) => a + b, 0) / train.n;
    expect(rate).toBeCloseTo(0.2408, 4);
    // adult.test labels carry a trailing dot; both classes must be read.
    const testRate = test.label.reduce((a, b) => a + b, 0) / test.n;
    expect(testRate).toBeGreaterThan(0.2);
    expect(testRate).toBeLessThan(0.3);
    // Missing values stay as the category "?".
    expect(train.categorical["workclass"]!.filter((v) => v === "?").length).toBe(1836);
    expect(train.numeric["age"]![0]).toBe(39);
  });

  it("skips the junk first line of adult.test and strips the label's dot", () => {
    const t = parseAdult(`|1x3 Cross validator\n${ROW.replace("<=50K", ">50K.")}\n\n`, "adult.test");
    expect(t.n).toBe(1);
    expect(t.label[0]).toBe(1);
  });

  it("reports a non-numeric numeric field with file, line and field", () => {
    const bad = `${ROW}\n${ROW.replace("77516", "abc")}\n`;
    expect(() => parseAdult(bad, "adult.data")).toThrow('adult.data line 2, field "fnlwgt": expected a number, got "abc"');
  });

  it("reports a short row with file, line and the first missing field", () => {
    const bad = ROW.split(", ").slice(0, 14).join(", ");
    expect(() => parseAdult(`${ROW}\n${ROW}\n${bad}`, "adult.data")).toThrow(/adult\.data line 3, field "income": expected 15 fields, got 14/);
  });

  it("reports an unknown label with file, line and field", () => {
    expect(() => parseAdult(ROW.replace("<=50K", "rich"), "x.csv")).toThrow('x.csv line 1, field "income": expected <=50K or >50K, got "rich"');
  });

  it("names the directory when the files are missing", async () => {
    await expect(loadAdult("/nonexistent/dir")).rejects.toThrow(/\/nonexistent\/dir\/adult\.data/);
  });
});
