import { expectEnvelope, structured } from "@agent-mesh/core/testing";
import { describe, expect, it } from "vitest";
import { useSupabase } from "./helpers.js";

const { sandbox, connect } = useSupabase();

describe("supabase_storage_*", () => {
  it("lists the buckets the allow-list lets through", async () => {
    const all = structured<{ buckets: Array<{ name: string; public: boolean }> }>(
      await (await connect()).call("supabase_storage_bucket_list", {}),
    );
    expect(all.buckets.map((b) => [b.name, b.public])).toEqual([
      ["avatars", true],
      ["invoices", false],
    ]);
    expect(sandbox.recorder.to("supabase", "/storage/v1/bucket").at(-1)?.method).toBe("GET");
    const some = structured<{ buckets: Array<{ name: string }> }>(
      await (await connect({ SUPABASE_BUCKETS: "inv*" })).call("supabase_storage_bucket_list", {}),
    );
    expect(some.buckets.map((b) => b.name)).toEqual(["invoices"]);
  });

  it("lists objects and folders page by page, marked untrusted", async () => {
    const session = await connect();
    const page1 = structured<{
      objects: {
        notice: string;
        data: Array<{ name: string; folder: boolean; size: number | null }>;
      };
      next_cursor: string | null;
    }>(await session.call("supabase_storage_object_list", { bucket: "avatars", limit: 1 }));
    expect(page1.objects.notice).toMatch(/Untrusted/);
    expect(page1.objects.data).toEqual([
      expect.objectContaining({
        name: "ada.png",
        folder: false,
        size: 2048,
        mimetype: "image/png",
      }),
    ]);
    expect(
      sandbox.recorder.to("supabase", "/storage/v1/object/list/avatars").at(-1)?.body,
    ).toMatchObject({
      prefix: "",
      limit: 2,
      offset: 0,
    });
    const page2 = structured<{
      objects: { data: Array<{ name: string }> };
      next_cursor: string | null;
    }>(
      await session.call("supabase_storage_object_list", {
        bucket: "avatars",
        limit: 1,
        cursor: page1.next_cursor,
      }),
    );
    expect(page2.objects.data.map((o) => o.name)).toEqual(["grace.png"]);
    expect(page2.next_cursor).toBeNull();
    const root = structured<{ objects: { data: Array<{ name: string; folder: boolean }> } }>(
      await session.call("supabase_storage_object_list", { bucket: "invoices" }),
    );
    expect(root.objects.data).toEqual([expect.objectContaining({ name: "2026", folder: true })]);
    expectEnvelope(
      await session.call("supabase_storage_object_list", { bucket: "nope" }),
      "not_found",
    );
  });

  it("signs a URL for one object, and refuses a bucket outside the allow-list before any request", async () => {
    const session = await connect();
    const out = structured<{ signed_url: string; expires_at: string }>(
      await session.call("supabase_storage_signed_url_create", {
        bucket: "invoices",
        path: "2026/inv-001.pdf",
        expires_in: 60,
      }),
    );
    expect(out.signed_url).toMatch(
      new RegExp(
        `^${sandbox.env.SUPABASE_URL}/storage/v1/object/sign/invoices/2026/inv-001\\.pdf\\?token=`,
      ),
    );
    expect(Date.parse(out.expires_at)).toBeGreaterThan(Date.now());
    expect(
      sandbox.recorder.to("supabase", "/storage/v1/object/sign/invoices/2026/inv-001.pdf").at(-1)
        ?.body,
    ).toEqual({
      expiresIn: 60,
    });
    expectEnvelope(
      await session.call("supabase_storage_signed_url_create", {
        bucket: "invoices",
        path: "missing.pdf",
      }),
      "not_found",
    );
    const limited = await connect({ SUPABASE_BUCKETS: "avatars" });
    const before = sandbox.recorder.to("supabase").length;
    expectEnvelope(
      await limited.call("supabase_storage_signed_url_create", {
        bucket: "invoices",
        path: "2026/inv-001.pdf",
      }),
      "policy_denied",
    );
    expectEnvelope(
      await limited.call("supabase_storage_object_list", { bucket: "invoices" }),
      "policy_denied",
    );
    expect(sandbox.recorder.to("supabase")).toHaveLength(before);
  });
});
