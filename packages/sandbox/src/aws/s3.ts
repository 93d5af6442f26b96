import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { S3_CHILD } from "./s3-child.js";

export interface S3Emulator {
  /** Where s3rver listens now (a restarted one listens on a new port). */
  readonly url: string;
  /** Why it is not running, when it died and could not be restarted. */
  readonly down: string | undefined;
  /** The child's process id (tests kill it to check the restart). */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

export interface S3Options {
  /** Where to say, once, that the emulator died and was restarted (default: stderr). */
  report?: (line: string) => void;
}

/** Restarts allowed in a row; a child that keeps dying is reported down instead. */
const MAX_RESTARTS = 3;

/**
 * Starts s3rver, a real S3 emulator, in a child process with the given buckets and key pair.
 * A child that dies is restarted on the same data and reported in one line; one that keeps
 * dying is reported down, and requests get a clear S3 error instead of connection dumps.
 */
export async function startS3(
  buckets: string[],
  credentials: { accessKeyId: string; secretAccessKey: string },
  options: S3Options = {},
): Promise<S3Emulator> {
  const report = options.report ?? ((line) => process.stderr.write(`${line}\n`));
  const directory = await mkdtemp(join(tmpdir(), "agent-mesh-s3-"));
  await mkdir(join(directory, "data"));
  const env = {
    PATH: process.env.PATH ?? "",
    S3RVER_MODULE: createRequire(import.meta.url).resolve("s3rver"),
    S3RVER_DIR: join(directory, "data"),
    S3RVER_NAMES: join(directory, "long-names.json"),
    S3RVER_BUCKETS: JSON.stringify(buckets),
    S3RVER_KEY_ID: credentials.accessKeyId,
    S3RVER_SECRET: credentials.secretAccessKey,
  };
  let closing = false;
  let restarts = 0;
  let child: ChildProcess;
  let url = "";
  let down: string | undefined;

  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, ["--openssl-legacy-provider", "-e", S3_CHILD], {
      stdio: ["pipe", "pipe", "pipe"],
      env,
    });
    const started = child;
    const port = await firstLine(started);
    url = `http://127.0.0.1:${port}`;
    started.once("exit", (code, signal) => {
      if (closing) return;
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      if (restarts >= MAX_RESTARTS) {
        down = `the sandbox's S3 emulator (s3rver) ${how} ${restarts + 1} times and is down`;
        report(`agent-mesh sandbox: ${down}; S3 calls will fail until the sandbox restarts`);
        return;
      }
      restarts++;
      report(`agent-mesh sandbox: the S3 emulator (s3rver) ${how}; restarting it on the same data`);
      launch().catch((err: unknown) => {
        down = `the sandbox's S3 emulator (s3rver) could not restart: ${err instanceof Error ? err.message : String(err)}`;
        report(`agent-mesh sandbox: ${down}`);
      });
    });
  };

  const close = async () => {
    closing = true;
    await stop(child);
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await launch();
  } catch (err) {
    await close();
    throw err;
  }
  return {
    get url() {
      return url;
    },
    get down() {
      return down;
    },
    get pid() {
      return child.pid;
    },
    close,
  };
}

function firstLine(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    const onData = (chunk: Buffer) => {
      // Kept only until it has started: what a running s3rver writes is not the gateway's log.
      if (stderr.length < 4096) stderr += chunk.toString();
    };
    child.stderr?.on("data", onData);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => {
      lines.close();
      child.stderr?.off("data", onData);
      child.stderr?.resume();
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
