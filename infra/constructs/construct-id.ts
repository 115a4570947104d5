/**
 * A settings key as a construct id: `applyCoverage` → `ApplyCoverage`. The ids of the constructs
 * built from the settings tables derive from their keys, so renaming a key is what moves a resource.
 */
export const pascalCase = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
