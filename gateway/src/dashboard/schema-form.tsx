/** @jsxImportSource hono/jsx */

/** The part of JSON Schema the form understands. */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  title?: string;
  default?: unknown;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
  minimum?: number;
  maximum?: number;
  writeOnly?: boolean;
  anyOf?: FieldSchema[];
  oneOf?: FieldSchema[];
}

/** A form field's name: `arg:` and the JSON path of the value, e.g. arg:["user","name"]. */
export function fieldName(path: string[]): string {
  return `arg:${JSON.stringify(path)}`;
}

/** The schema's main type: the first one that is not "null". */
export function typeOf(schema: FieldSchema): string | undefined {
  if (schema.enum) return "enum";
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type) return type;
  if (schema.properties) return "object";
  const alternatives = (schema.anyOf ?? schema.oneOf ?? []).filter((s) => s.type !== "null");
  if (alternatives.length === 1) return typeOf(alternatives[0]!);
  return undefined;
}

/** A form for a tool's input schema: one field per property, nested objects as fieldsets. */
export function SchemaFields(props: { schema: FieldSchema; path?: string[] }) {
  const path = props.path ?? [];
  const required = new Set(props.schema.required ?? []);
  return (
    <div>
      {Object.entries(props.schema.properties ?? {}).map(([key, schema]) => (
        <Field schema={schema} path={[...path, key]} required={required.has(key)} label={key} />
      ))}
    </div>
  );
}

function Field(props: { schema: FieldSchema; path: string[]; required: boolean; label: string }) {
  const { schema, path, required } = props;
  const name = fieldName(path);
  const id = `f-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const type = typeOf(schema);
  const label = (
    <label for={id}>
      {props.label}
      {required ? " *" : ""} <span class="muted">{hint(schema, type)}</span>
    </label>
  );
  const help = schema.description ? <div class="muted">{schema.description}</div> : null;
  if (type === "object") {
    return (
      <fieldset data-field={props.label}>
        <legend>
          {props.label}
          {required ? " *" : ""}
        </legend>
        {help}
        <SchemaFields schema={schema} path={path} />
      </fieldset>
    );
  }
  if (type === "enum") {
    return (
      <div>
        {label}
        <select id={id} name={name} required={required}>
          {required ? null : <option value="">(none)</option>}
          {(schema.enum ?? []).map((value) => (
            <option value={JSON.stringify(value)} selected={value === schema.default}>
              {String(value)}
            </option>
          ))}
        </select>
        {help}
      </div>
    );
  }
  if (type === "boolean") {
    return (
      <div>
        {label}
        <select id={id} name={name} required={required}>
          {required ? null : <option value="">(not set)</option>}
          <option value="true" selected={schema.default === true}>
            true
          </option>
          <option value="false" selected={schema.default === false}>
            false
          </option>
        </select>
        {help}
      </div>
    );
  }
  if (type === "number" || type === "integer") {
    return (
      <div>
        {label}
        <input
          id={id}
          type="number"
          name={name}
          required={required}
          step={type === "integer" ? "1" : "any"}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof schema.default === "number" ? String(schema.default) : undefined}
        />
        {help}
      </div>
    );
  }
  if (type === "array" || type === undefined) {
    const scalarItems = type === "array" && isScalar(schema.items);
    return (
      <div>
        {label}
        <textarea
          id={id}
          name={name}
          required={required}
          placeholder={scalarItems ? "one item per line" : "JSON"}
        ></textarea>
        {help}
      </div>
    );
  }
  return (
    <div>
      {label}
      <input
        id={id}
        type={schema.writeOnly ? "password" : "text"}
        name={name}
        required={required}
        value={typeof schema.default === "string" ? schema.default : undefined}
      />
      {help}
    </div>
  );
}

function hint(schema: FieldSchema, type: string | undefined): string {
  if (type === "array") {
    const items = schema.items ? typeOf(schema.items) : undefined;
    return isScalar(schema.items) ? `list of ${items ?? "values"}, one a line` : "JSON array";
  }
  if (type === undefined) return "JSON";
  return type === "enum" ? "one of" : type;
}

export function isScalar(schema: FieldSchema | undefined): boolean {
  const type = schema ? typeOf(schema) : undefined;
  return (
    type === "string" ||
    type === "number" ||
    type === "integer" ||
    type === "boolean" ||
    type === "enum"
  );
}
