#!/usr/bin/env node
import { serve } from "@agent-mesh/core/serve";
import { platform } from "./platform.js";

await serve(platform);
