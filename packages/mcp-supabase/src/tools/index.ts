import { itemCreate } from "./item-create.js";
import { itemList } from "./item-list.js";

/** Every tool of the platform, one per file. */
export const tools = [itemList, itemCreate];
