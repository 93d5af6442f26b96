/** One field of each primitive type, each with a default value (SEP-1034). */
export const DEFAULTS_SCHEMA = {
  type: "object" as const,
  properties: {
    name: { type: "string" as const, description: "User name", default: "John Doe" },
    age: { type: "integer" as const, description: "User age", default: 30 },
    score: { type: "number" as const, description: "User score", default: 95.5 },
    status: {
      type: "string" as const,
      description: "User status",
      enum: ["active", "inactive", "pending"],
      default: "active",
    },
    verified: { type: "boolean" as const, description: "Verification status", default: true },
  },
  required: [],
};

/** The five ways to offer a choice (SEP-1330). */
export const ENUMS_SCHEMA = {
  type: "object" as const,
  properties: {
    untitledSingle: {
      type: "string" as const,
      description: "Single choice, values only",
      enum: ["option1", "option2", "option3"],
    },
    titledSingle: {
      type: "string" as const,
      description: "Single choice with titles",
      oneOf: [
        { const: "value1", title: "First Option" },
        { const: "value2", title: "Second Option" },
        { const: "value3", title: "Third Option" },
      ],
    },
    legacyEnum: {
      type: "string" as const,
      description: "Single choice with titles, the deprecated enumNames form",
      enum: ["opt1", "opt2", "opt3"],
      enumNames: ["Option One", "Option Two", "Option Three"],
    },
    untitledMulti: {
      type: "array" as const,
      description: "Several choices, values only",
      items: { type: "string" as const, enum: ["option1", "option2", "option3"] },
    },
    titledMulti: {
      type: "array" as const,
      description: "Several choices with titles",
      items: {
        anyOf: [
          { const: "value1", title: "First Choice" },
          { const: "value2", title: "Second Choice" },
          { const: "value3", title: "Third Choice" },
        ],
      },
    },
  },
  required: [],
};
