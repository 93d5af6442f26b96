import { describe, expect, it } from "vitest";
import { assignNames, MAX_NAME_LENGTH, type NameRequest } from "../src/catalog/naming.js";

const third = (downstream: string, wanted: string, prefix?: string): NameRequest => ({
  downstream,
  wanted,
  fixed: false,
  prefix,
});
const first = (downstream: string, wanted: string): NameRequest => ({
  downstream,
  wanted,
  fixed: true,
  prefix: undefined,
});

describe("assignNames", () => {
  it("keeps names that do not collide", () => {
    expect(assignNames([third("a", "echo"), third("b", "sum")])).toEqual(["echo", "sum"]);
  });

  it("prefixes every third-party name that collides, and only those", () => {
    expect(assignNames([third("a", "echo"), third("b", "echo"), third("b", "sum")])).toEqual([
      "a_echo",
      "b_echo",
      "sum",
    ]);
  });

  it("never moves a first-party name; the third-party one is prefixed", () => {
    expect(
      assignNames([third("x", "vercel_project_list"), first("vercel", "vercel_project_list")]),
    ).toEqual(["x_vercel_project_list", "vercel_project_list"]);
  });

  it("applies a configured prefix always", () => {
    expect(assignNames([third("github", "search", "gh")])).toEqual(["gh_search"]);
  });

  it("shortens to 64 characters with a hash, deterministically and without new collisions", () => {
    const long = "a_very_long_tool_name_that_goes_on_and_on_well_past_the_limit_of_mcp";
    const requests = [
      third("server_one", long),
      third("server_two", long),
      third("server_one", `${long}_2`),
    ];
    const names = assignNames(requests);
    expect(names.every((name) => name.length <= MAX_NAME_LENGTH)).toBe(true);
    expect(new Set(names).size).toBe(3);
    expect(assignNames(requests)).toEqual(names);
    expect(names[0]).toMatch(/^server_one_a_very_long.*_[0-9a-f]{8}$/);
  });

  it("does not let a prefixed name take a name another tool already has", () => {
    // "a" and "b" both want "x_y"; "a" also offers "a_x_y" as its own name.
    const names = assignNames([third("a", "x_y"), third("b", "x_y"), third("c", "a_x_y")]);
    expect(new Set(names).size).toBe(3);
    expect(names).toContain("a_x_y");
  });

  it("replaces characters MCP tool names cannot have", () => {
    expect(assignNames([third("a", "search repos/v2")])).toEqual(["search_repos_v2"]);
  });
});
