#!/usr/bin/env node
import { processIo } from "./cli/io.js";
import { main } from "./cli/main.js";

const code = await main(process.argv.slice(2), processIo());
// `start` keeps serving after main returns; every other command is done.
if (process.argv[2] !== "start" || code !== 0) process.exit(code);
