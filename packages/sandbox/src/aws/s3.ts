import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface S3Emulator {
  url: string;
  close(): Promise<void>;
}

// s3rver signs list continuation tokens with DES, which Node 17+ only offers with OpenSSL's
// legacy provider; a child keeps that flag out of the host process. It exits when stdin closes.
const CHILD = `
const S3rver = require(process.env.S3RVER_MODULE);
const { DUMMY_ACCOUNT } = require(require("path").join(require("path").dirname(process.env.S3RVER_MODULE), "models/account"));
DUMMY_ACCOUNT.revokeAccessKey("S3RVER");
DUMMY_ACCOUNT.createKeyPair(process.env.S3RVER_KEY_ID, process.env.S3RVER_SECRET);
const server = new S3rver({
  address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3RVER_DIR,
  configureBuckets: JSON.parse(process.env.S3RVER_BUCKETS).map((name) => ({ name, configs: [] })),
});
server.run().then(
  ({ port }) => process.stdout.write(JSON.stringify({ port }) + "\\n"),
  (err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); },
);
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
`;

/** Starts s3rver, a real S3 emulator, in a child process with the given buckets and key pair. */
export async function startS3(
  buckets: string[],
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<S3Emulator> {
  const directory = await mkdtemp(join(tmpdir(), "agent-mesh-s3-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", CHILD], {
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      S3RVER_MODULE: createRequire(import.meta.url).resolve("s3rver"),
      S3RVER_DIR: directory,
      S3RVER_BUCKETS: JSON.stringify(buckets),
      S3RVER_KEY_ID: credentials.accessKeyId,
      S3RVER_SECRET: credentials.secretAccessKey,
    },
  });
  const close = async () => {
    await stop(child);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = await firstLine(child);
    return { url: `http://127.0.0.1:${port}`, close };
  } catch (err) {
    await close();
    throw err;
  }
}

function firstLine(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => {
      lines.close();
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`the S3 emulator (s3rver) exited with code ${code}: ${stderr.trim()}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
  });
}
