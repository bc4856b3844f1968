/**
 * The user's Glasskernel settings (package.json `contributes.configuration`) as defaults of a
 * launch configuration: a value the configuration sets itself wins; a setting fills only an
 * attribute the configuration leaves out. Pure (no vscode import), so it is unit-tested.
 */

/** The settings' section: `glasskernel.memoryMiB` and so on. */
export const SETTINGS_SECTION = 'glasskernel';

/** Launch attributes a setting of the same name (prefixed `glasskernel.`) can supply. */
export const SETTING_ATTRIBUTES = ['memoryMiB', 'timeSliceInstructions', 'scheduler', 'console'] as const;

/** One of SETTING_ATTRIBUTES. */
export type SettingAttribute = (typeof SETTING_ATTRIBUTES)[number];

/**
 * Returns `config` with every SETTING_ATTRIBUTES entry it lacks taken from `setting(name)`
 * (undefined = the user did not set it: the attribute stays out and the adapter's default
 * applies). `config` is not changed. The adapter still checks every value.
 */
export function withSettingDefaults<T extends Record<string, unknown>>(config: T, setting: (name: SettingAttribute) => unknown): T {
  const out: Record<string, unknown> = { ...config };
  for (const name of SETTING_ATTRIBUTES) {
    if (out[name] !== undefined) continue;
    const value = setting(name);
    if (value !== undefined && value !== null && value !== '') out[name] = value;
  }
  return out as T;
}
