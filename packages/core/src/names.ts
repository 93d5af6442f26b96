export const MAX_TOOL_NAME_LENGTH = 64;

const PLATFORM_NAME = /^[a-z][a-z0-9]*$/;
const TOOL_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}$/;

/** Returns why a platform name is unacceptable, or undefined when it is fine. */
export function platformNameProblem(name: string): string | undefined {
  if (!PLATFORM_NAME.test(name)) {
    return `platform name "${name}" must be lower case letters and digits, starting with a letter (e.g. "vercel")`;
  }
  if (name.length > 24) return `platform name "${name}" is longer than 24 characters`;
  return undefined;
}

/** Returns why a tool name breaks the `{platform}_{resource}_{action}` convention, or undefined. */
export function toolNameProblem(name: string, platform?: string): string | undefined {
  if (name.length > MAX_TOOL_NAME_LENGTH) {
    return `tool name "${name}" is ${name.length} characters; the limit is ${MAX_TOOL_NAME_LENGTH}`;
  }
  if (!TOOL_NAME.test(name)) {
    return `tool name "${name}" must be lower snake case {platform}_{resource}_{action}, e.g. "vercel_project_list"`;
  }
  if (platform !== undefined && !name.startsWith(`${platform}_`)) {
    return `tool name "${name}" must start with its platform's prefix "${platform}_"`;
  }
  return undefined;
}
