import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { sha256File } from "../../src/core/io.js";
import { readManifest, resolveDataset } from "../../src/data/resolve.js";

const shared = process.env.DEPLOYLAB_DATA ?? resolve("..", "shared", "data");
const hasShared = existsSync(join(shared, "adult", "adult.data"));

/** A local HTTP mirror of ../shared/data; `corrupt` paths are served with one byte changed. */
function startMirror(corrupt: Set<string>): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    hits.push(path);
    const file = join(shared, path);
    if (!file.startsWith(shared) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200);
    if (corrupt.has(path)) {
      const chunks: Buffer[] = [];
      createReadStream(file)
        .on("data", (c) => chunks.push(c as Buffer))
        .on("end", () => {
          const body = Buffer.concat(chunks);
          body[10] = body[10]! ^ 0xff;
          res.end(body);
        });
    } else createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

describe.skipIf(!hasShared)("resolveDataset", () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), "deploylab-data-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("lists a SHA-256 for every Adult and NAB file, matching the shared copies", () => {
    const m = readManifest();
    expect(m.adult!.files.map((f) => f.path).sort()).toEqual(["adult.data", "adult.names", "adult.test"]);
    expect(m.nab!.files.filter((f) => f.path.startsWith("data/")).length).toBe(58);
    for (const f of m.adult!.files) expect(sha256File(join(shared, "adult", f.path))).toBe(f.sha256);
  });

  it("returns the DEPLOYLAB_DATA copy when it is complete and verified", async () => {
    const dir = await resolveDataset("adult", { dataDir: shared, cacheDir: tmp(), offline: true });
    expect(dir).toBe(join(shared, "adult"));
  });

  describe("downloading from a mirror on 127.0.0.1", () => {
    let mirror: Awaited<ReturnType<typeof startMirror>>;
    beforeAll(async () => {
      mirror = await startMirror(new Set(["/adult/adult.test"]));
    });
    afterAll(() => mirror.server.close());

    it("downloads, verifies and caches the files, then serves later calls from the cache", async () => {
      const cache = tmp();
      const good = await startMirror(new Set());
      try {
        const dir = await resolveDataset("adult", { dataDir: join(cache, "nowhere"), cacheDir: cache, baseUrl: `${good.url}/adult/`, log: () => {} });
        expect(dir).toBe(join(cache, "adult"));
        expect(readdirSync(dir).sort()).toEqual(["adult.data", "adult.names", "adult.test"]);
        const before = good.hits.length;
        await resolveDataset("adult", { dataDir: join(cache, "nowhere"), cacheDir: cache, baseUrl: `${good.url}/adult/`, log: () => {} });
        expect(good.hits.length).toBe(before);
      } finally {
        good.server.close();
      }
    });

    it("rejects a corrupted download, names the file and leaves nothing of it in the cache", async () => {
      const cache = tmp();
      const err = await resolveDataset("adult", { dataDir: join(cache, "nowhere"), cacheDir: cache, baseUrl: `${mirror.url}/adult/`, log: () => {} }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(/adult\.test has SHA-256 [0-9a-f]{64}, expected a2a9044b/);
      expect(existsSync(join(cache, "adult", "adult.test"))).toBe(false);
      expect(readdirSync(join(cache, "adult")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
  });

  it("rejects a corrupted copy in DEPLOYLAB_DATA rather than silently downloading", async () => {
    const root = tmp();
    const { mkdirSync, copyFileSync, appendFileSync } = await import("node:fs");
    mkdirSync(join(root, "adult"));
    for (const f of ["adult.data", "adult.names", "adult.test"]) copyFileSync(join(shared, "adult", f), join(root, "adult", f));
    appendFileSync(join(root, "adult", "adult.names"), "tampered");
    await expect(resolveDataset("adult", { dataDir: root, cacheDir: tmp(), offline: true })).rejects.toThrow(/adult\.names has SHA-256/);
  });

  it("tells the user exactly what to do when the dataset is nowhere and downloads are off", async () => {
    const err = await resolveDataset("nab", { dataDir: join(tmp(), "none"), cacheDir: tmp(), offline: true }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/dataset "nab".*not available/);
    expect((err as Error).message).toMatch(/export DEPLOYLAB_DATA=/);
    expect((err as Error).message).toMatch(/data\/cache\/nab/);
  });

  it("rejects an unknown dataset name", async () => {
    // @ts-expect-error: not a dataset name on purpose
    await expect(resolveDataset("mnist")).rejects.toThrow(/unknown dataset "mnist"/);
  });
});
