import { gunzipSync } from "node:zlib";

/** Files of a (gzipped) tar archive, as the engine receives a build context. */
export function readTar(body: Uint8Array): Map<string, Buffer> {
  let data = Buffer.from(body);
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  const files = new Map<string, Buffer>();
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= data.length) {
    const header = data.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const content = data.subarray(at + 512, at + 512 + size);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === "x") {
      const path = /\d+ path=([^\n]*)\n/.exec(content.toString("utf8"));
      if (path) longName = path[1];
    } else if (type === "L") {
      longName = content.toString("utf8").replace(/\0.*$/s, "");
    } else if (type === "0" || type === "" || type === "2") {
      files.set(name.replace(/^\.\//, ""), Buffer.from(content));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
