import { describe, expect, it } from "vitest";
import { nabScoreboard } from "../../src/experiments/nab-scoreboard.js";
import { NAB_DIR } from "../detect/nabDir.js";

describe("nab-scoreboard (smoke)", () => {
  it("scores EWMA, S-H-ESD and the R detections on a few files, with figures", async () => {
    const config = { ...nabScoreboard.defaultConfig(true), dataDir: NAB_DIR };
    const r1 = await nabScoreboard.run(config, { seeds: [0], smoke: true });
    const r2 = await nabScoreboard.run(config, { seeds: [0], smoke: true });
    expect(r1.rows).toEqual(r2.rows);
    const ours = r1.rows.filter((r) => r.source !== "NAB published").map((r) => r.detector);
    expect(ours).toEqual(["twitterADVec (R detections)", "ewma", "shesd"]);
    for (const r of r1.rows) for (const k of ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]) expect(typeof r[k]).toBe("number");
    expect(r1.rows.find((r) => r.detector === "twitterADVec" && r.source === "NAB published")?.standard).toBeCloseTo(47.06, 2);
    // S-H-ESD reproduces the R rows, so both score the same
    const sh = r1.rows.find((r) => r.detector === "shesd")!;
    const tw = r1.rows.find((r) => r.detector === "twitterADVec (R detections)")!;
    expect(sh.standard).toBe(tw.standard);
    expect(r1.tables!.shesdVsR!.every((g) => g.identical === true)).toBe(true);
    expect(r1.tables!.perCategory!.length).toBe(9);
    const figs = nabScoreboard.draw({ ...r1, runtimeSec: 0, backend: "none" });
    expect(figs.map((f) => f.id)).toEqual(["scoreboard", "detections-ec2_cpu_utilization_5f5533"]);
    expect(figs[1]!.data.length).toBe(4);
  });

  it("runs the VAE and the hybrid (NAB preset, likelihood scoring) on a short file, deterministically", async () => {
    const file = "realAdExchange/exchange-2_cpc_results.csv";
    const config = { ...nabScoreboard.defaultConfig(true), dataDir: NAB_DIR, files: [file], figureFiles: [file], detectors: ["vae", "hybrid"] as ["vae", "hybrid"], vaeEpochs: 3 };
    const r1 = await nabScoreboard.run(config, { seeds: [0], smoke: true });
    const ours = r1.rows.filter((r) => r.source === "ours");
    expect(ours.map((r) => r.detector)).toEqual(["vae", "hybrid"]);
    for (const r of ours) for (const k of ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]) expect(Number.isFinite(r[k])).toBe(true);
    const extra = r1.extra as { seconds: Record<string, number>; detections: Record<string, Record<string, number[]>> };
    expect(Object.keys(extra.seconds)).toEqual(["vae", "hybrid"]);
    expect(Object.keys(extra.detections[file]!)).toEqual(["twitterADVec (R detections)", "vae", "hybrid"]);
    const r2 = await nabScoreboard.run({ ...config, detectors: ["hybrid"] }, { seeds: [0], smoke: true });
    expect(r2.rows.find((r) => r.detector === "hybrid")).toEqual(ours[1]);
  });

  it("rejects a bad config", async () => {
    const config = { ...nabScoreboard.defaultConfig(true), dataDir: NAB_DIR, detectors: ["lstm"] as unknown as ["ewma"] };
    await expect(nabScoreboard.run(config, { seeds: [0], smoke: true })).rejects.toThrow(/config.detectors/);
  });
});
