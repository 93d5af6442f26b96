import { AwsError, epochSeconds, optionalNumber } from "./protocol.js";

interface Series {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  unit: string;
  /** Per-minute samples: how many and their base value at a minute. */
  value: (minute: number) => number;
  samples: number;
}

const SERIES: Series[] = [
  {
    namespace: "AgentMesh/Sandbox",
    name: "Requests",
    dimensions: { Service: "api" },
    unit: "Count",
    value: (m) => 100 + 40 * Math.sin(m / 90),
    samples: 1,
  },
  {
    namespace: "AgentMesh/Sandbox",
    name: "Latency",
    dimensions: { Service: "api" },
    unit: "Milliseconds",
    value: (m) => 80 + 30 * Math.sin(m / 45) + (m % 7) * 3,
    samples: 6,
  },
  {
    namespace: "AWS/Lambda",
    name: "Invocations",
    dimensions: { FunctionName: "agent-mesh-sandbox" },
    unit: "Count",
    value: (m) => (m % 5) + 1,
    samples: 1,
  },
];

const STATS = new Set(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]);
const MAX_POINTS = 1440;

/** CloudWatch GetMetricStatistics over synthetic, deterministic series, with its validation. */
export function createMetrics(now: () => number = Date.now) {
  return {
    GetMetricStatistics: (body: Record<string, unknown>) => {
      for (const key of ["Namespace", "MetricName", "StartTime", "EndTime", "Period"]) {
        if (body[key] === undefined) {
          throw new AwsError(
            "MissingRequiredParameterException",
            `The parameter ${key} is required.`,
          );
        }
      }
      const start = optionalNumber(body, "StartTime") as number;
      const end = optionalNumber(body, "EndTime") as number;
      const period = optionalNumber(body, "Period") as number;
      const stats = (body.Statistics as string[] | undefined) ?? [];
      if (stats.length === 0 && body.ExtendedStatistics === undefined) {
        throw new AwsError(
          "InvalidParameterCombinationException",
          "Must specify either Statistics or ExtendedStatistics",
        );
      }
      for (const stat of stats) {
        if (!STATS.has(stat)) {
          throw new AwsError(
            "InvalidParameterValueException",
            `The parameter Statistics contains the invalid value ${stat}.`,
          );
        }
      }
      if (
        !Number.isInteger(period) ||
        period < 1 ||
        (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 30].includes(period))
      ) {
        throw new AwsError(
          "InvalidParameterValueException",
          "The parameter Period must be a multiple of 60.",
        );
      }
      if (start >= end) {
        throw new AwsError(
          "InvalidParameterValueException",
          "The parameter StartTime must be less than the parameter EndTime.",
        );
      }
      const points = Math.ceil((end - start) / period);
      if (points > MAX_POINTS) {
        throw new AwsError(
          "InvalidParameterCombinationException",
          `You have requested up to ${points} datapoints, which exceeds the limit of ${MAX_POINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
        );
      }
      const dimensions = Object.fromEntries(
        ((body.Dimensions as Array<{ Name: string; Value: string }> | undefined) ?? []).map((d) => [
          d.Name,
          d.Value,
        ]),
      );
      const series = SERIES.find(
        (s) =>
          s.namespace === body.Namespace &&
          s.name === body.MetricName &&
          JSON.stringify(sorted(s.dimensions)) === JSON.stringify(sorted(dimensions)),
      );
      const label = String(body.MetricName);
      if (!series) return { Label: label, Datapoints: [] };
      const until = Math.min(end, epochSeconds(now()));
      const datapoints = [];
      for (let t = start - (start % period); t < until; t += period) {
        const minutes = Math.max(1, Math.round(period / 60));
        const values: number[] = [];
        for (let m = 0; m < minutes; m += 1) {
          const minute = Math.floor(t / 60) + m;
          for (let s = 0; s < series.samples; s += 1)
            values.push(Math.round(series.value(minute + s) * 100) / 100);
        }
        const sum = values.reduce((a, b) => a + b, 0);
        const all: Record<string, number> = {
          SampleCount: values.length,
          Sum: sum,
          Average: sum / values.length,
          Minimum: Math.min(...values),
          Maximum: Math.max(...values),
        };
        const point: Record<string, unknown> = { Timestamp: t, Unit: series.unit };
        for (const stat of stats) point[stat] = all[stat];
        datapoints.push(point);
      }
      // CloudWatch does not promise an order; callers sort.
      return { Label: label, Datapoints: datapoints.reverse() };
    },
  };
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
}
