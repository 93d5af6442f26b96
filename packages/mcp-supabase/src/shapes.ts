import { z } from "zod";

/** An item as Supabase's API returns it. */
export interface ApiItem {
  id: string;
  name: string;
  created: number;
}

/**
 * Schemas and converters more than one tool uses live here, never in a tool file, so tools
 * import only from shared modules and stay independent of each other.
 */
export const itemOutput = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
});

export function toItem(item: ApiItem): z.output<typeof itemOutput> {
  return {
    id: item.id,
    name: item.name,
    created_at: new Date(item.created * 1000).toISOString(),
  };
}
