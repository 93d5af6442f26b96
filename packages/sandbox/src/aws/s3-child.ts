// s3rver signs list continuation tokens with DES, which Node 17+ only offers with OpenSSL's
// legacy provider; a child keeps that flag out of the host process. It exits when stdin closes.
//
// s3rver stores each key as a file path, so a key segment longer than the file system allows
// (255 bytes) crashed it although S3 accepts keys up to 1,024 bytes. Long segments are stored
// under a hash instead, mapped back when keys are listed (the map is kept beside the data so a
// restarted child reads it again).
export const S3_CHILD = `
const path = require("path");
const fs = require("fs");
const crypto = require("crypto");
const S3rver = require(process.env.S3RVER_MODULE);
const lib = path.dirname(process.env.S3RVER_MODULE);
const { DUMMY_ACCOUNT } = require(path.join(lib, "models/account"));
const FilesystemStore = require(path.join(lib, "stores/filesystem"));
const NAMES = process.env.S3RVER_NAMES;
const long = new Map(fs.existsSync(NAMES) ? Object.entries(JSON.parse(fs.readFileSync(NAMES, "utf8"))) : []);
const encode = FilesystemStore.encodeKeyPath;
const decode = FilesystemStore.decodeKeyPath;
FilesystemStore.encodeKeyPath = (key) => encode(key).split("/").map((segment) => {
  if (Buffer.byteLength(segment) <= 200) return segment;
  const name = "~" + crypto.createHash("sha256").update(segment).digest("hex").slice(0, 40);
  if (!long.has(name)) {
    long.set(name, segment);
    fs.writeFileSync(NAMES, JSON.stringify(Object.fromEntries(long)));
  }
  return name;
}).join("/");
FilesystemStore.decodeKeyPath = (keyPath) =>
  decode(keyPath.split("/").map((segment) => long.get(segment) ?? segment).join("/"));
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
