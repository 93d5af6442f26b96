import { authUserCreate } from "./auth-user-create.js";
import { authUserDelete } from "./auth-user-delete.js";
import { authUserGet } from "./auth-user-get.js";
import { authUserList } from "./auth-user-list.js";
import { authUserUpdate } from "./auth-user-update.js";
import { migrationApply } from "./migration-apply.js";
import { migrationList } from "./migration-list.js";
import { rpcCall } from "./rpc-call.js";
import { sqlExecute } from "./sql-execute.js";
import { sqlQuery } from "./sql-query.js";
import { storageBucketList } from "./storage-bucket-list.js";
import { storageObjectList } from "./storage-object-list.js";
import { storageSignedUrlCreate } from "./storage-signed-url-create.js";
import { tableDelete } from "./table-delete.js";
import { tableInsert } from "./table-insert.js";
import { tableList } from "./table-list.js";
import { tableSelect } from "./table-select.js";
import { tableUpdate } from "./table-update.js";

/** Every tool of the platform, one per file. */
// Auth first: `agent-mesh doctor` probes the first read-only tool without required arguments,
// and supabase_auth_user_list is refused to any key but the service role's.
export const tools = [
  authUserList,
  authUserGet,
  authUserCreate,
  authUserUpdate,
  authUserDelete,
  tableList,
  tableSelect,
  tableInsert,
  tableUpdate,
  tableDelete,
  rpcCall,
  migrationApply,
  migrationList,
  sqlQuery,
  sqlExecute,
  storageBucketList,
  storageObjectList,
  storageSignedUrlCreate,
];
