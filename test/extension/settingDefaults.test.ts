import { describe, expect, it } from 'vitest';
import { withSettingDefaults } from '../../src/extension/settingDefaults';

describe('settings as launch defaults', () => {
  const settings: Record<string, unknown> = { memoryMiB: 256, timeSliceInstructions: 500, scheduler: 'stride', console: 'debugConsole' };

  it('fills only the attributes a configuration leaves out', () => {
    const config = { type: 'glasskernel', program: '/p', memoryMiB: 64 };
    const out = withSettingDefaults(config, (name) => settings[name]);
    expect(out).toEqual({ type: 'glasskernel', program: '/p', memoryMiB: 64, timeSliceInstructions: 500, scheduler: 'stride', console: 'debugConsole' });
    expect(config).toEqual({ type: 'glasskernel', program: '/p', memoryMiB: 64 });
  });

  it('leaves an attribute out when the setting is unset or empty, so the adapter default applies', () => {
    const out = withSettingDefaults({ program: '/p' }, (name) => (name === 'scheduler' ? '' : undefined));
    expect(out).toEqual({ program: '/p' });
  });
});
