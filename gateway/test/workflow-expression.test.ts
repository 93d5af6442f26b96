import { describe, expect, it } from "vitest";
import {
  ExpressionError,
  evaluateTemplate,
  parseTemplate,
  references,
  referencesIn,
  resolveArgs,
} from "../src/workflows/expression/index.js";

const scope = {
  params: { environment: "preview", count: 3, notify: "", flag: true },
  steps: {
    backend: {
      output: { execution_arn: "arn:aws:states:1", items: [{ name: "a" }, { name: "b" }] },
    },
    "backend-done": { output: { status: "SUCCEEDED", url: "https://api.example" } },
  },
  event: { data: { object: { id: "pi_123", amount: 4200 } } },
  run: { id: "run_1" },
  output: { status: "RUNNING" },
};

const ev = (text: string): unknown => evaluateTemplate(parseTemplate(text), scope);

describe("workflow expressions", () => {
  it("keeps the type of a whole-template value and interpolates embedded ones", () => {
    expect(ev("${{ params.count }}")).toBe(3);
    expect(ev("  ${{ params.flag }}")).toBe("  true");
    expect(ev("${{ steps.backend.output }}")).toEqual(scope.steps.backend.output);
    expect(ev("Store deployed to ${{ params.environment }} (${{ params.count }})")).toBe(
      "Store deployed to preview (3)",
    );
    expect(ev("${{ event.data.object.id }}")).toBe("pi_123");
    expect(ev("${{ run.id }}-x")).toBe("run_1-x");
    expect(ev("no templates here")).toBe("no templates here");
    expect(ev("${{ steps.backend.output.items[1].name }}")).toBe("b");
    expect(ev("${{ steps.backend.output.items.0.name }}")).toBe("a");
    expect(ev("${{ steps['backend-done'].output.url }}")).toBe("https://api.example");
    expect(ev("${{ steps.backend-done.output.status }}")).toBe("SUCCEEDED");
    expect(ev("x${{ params.missing }}y")).toBe("xy");
  });

  it("compares, combines and negates", () => {
    expect(ev("${{ output.status != 'RUNNING' }}")).toBe(false);
    expect(ev('${{ output.status == "RUNNING" }}')).toBe(true);
    expect(ev("${{ event.data.object.amount >= 4200 && params.environment == 'preview' }}")).toBe(
      true,
    );
    expect(ev("${{ event.data.object.amount > 5000 || params.count < 2 }}")).toBe(false);
    expect(ev("${{ !params.notify }}")).toBe(true);
    expect(ev("${{ !(params.count == 3) }}")).toBe(false);
    expect(ev("${{ params.notify || 'default' }}")).toBe("default");
    expect(ev("${{ params.missing == null }}")).toBe(true);
    expect(ev("${{ -1 < 0 }}")).toBe(true);
    expect(ev("${{ 'it''s' }}")).toBe("it's");
    // No coercion between types: a string is never less than a number.
    expect(ev("${{ '10' < 9 }}")).toBe(false);
    expect(ev("${{ 1 == '1' }}")).toBe(false);
    expect(ev("${{ true && 1 == 1 || false }}")).toBe(true);
  });

  it("never reaches prototypes or calls anything", () => {
    expect(ev("${{ params.constructor }}")).toBeUndefined();
    expect(ev("${{ params.__proto__ }}")).toBeUndefined();
    expect(ev("${{ params.environment.length }}")).toBeUndefined();
    expect(() => parseTemplate("${{ params.x() }}")).toThrow(ExpressionError);
    expect(() => parseTemplate("${{ process.exit(1) }}")).toThrow(/unexpected "\("/);
  });

  it("reports syntax errors with their column", () => {
    const cases: Array<[string, RegExp, number]> = [
      ["${{ params.x = 1 }}", /use "==" to compare/, 14],
      ["abc ${{ params.x", /is not closed/, 5],
      ["${{ }}", /empty expression/, 5],
      ["${{ 'open }}", /not closed|unterminated/, 1],
      ["${{ params. }}", /property name after/, 13],
      ["${{ (params.x }}", /to close the parenthesis/, 15],
      ["${{ params.x params.y }}", /unexpected "params"/, 14],
      ["${{ a & b }}", /use && or \|\|/, 7],
    ];
    for (const [text, message, column] of cases) {
      let error: unknown;
      try {
        parseTemplate(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(ExpressionError);
      expect((error as ExpressionError).message, text).toMatch(message);
      expect((error as ExpressionError).column, text).toBe(column);
    }
  });

  it("lists the paths a template reads", () => {
    const t = parseTemplate(
      "${{ steps.a.output.x == params.p && !run.id }} and ${{ steps.a.output.x }} ${{ 'lit' }}",
    );
    expect(references(t)).toEqual([
      ["steps", "a", "output", "x"],
      ["params", "p"],
      ["run", "id"],
    ]);
    expect(
      referencesIn({ a: ["${{ params.q }}", { b: "x ${{ steps.s.output }}" }], n: 1 }),
    ).toEqual([
      ["params", "q"],
      ["steps", "s", "output"],
    ]);
  });

  it("resolves arguments through objects and arrays, dropping absent whole values", () => {
    const args = {
      state_machine: "deploy-api",
      input: { environment: "${{ params.environment }}", n: "${{ params.count }}" },
      events: ["payment_intent.succeeded", "${{ event.data.object.id }}"],
      url: "${{ steps.backend-done.output.url }}/webhooks/stripe",
      optional: "${{ params.missing }}",
      keep: 5,
    };
    expect(resolveArgs(args, scope)).toEqual({
      state_machine: "deploy-api",
      input: { environment: "preview", n: 3 },
      events: ["payment_intent.succeeded", "pi_123"],
      url: "https://api.example/webhooks/stripe",
      keep: 5,
    });
  });
});
