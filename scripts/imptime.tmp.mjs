const t0 = performance.now();
const spec = process.argv[2];
await import(spec);
console.log(spec, (performance.now() - t0).toFixed(0), "ms", (process.memoryUsage().rss/1e6).toFixed(0), "MB");
