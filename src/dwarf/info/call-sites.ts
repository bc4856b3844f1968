/**
 * Call sites (DWARF 5 sections 3.4.1 and 3.4.2): a DW_TAG_call_site names the return pc of one
 * call and, in DW_TAG_call_site_parameter children, where each argument was passed
 * (DW_AT_location, usually DW_OP_regN) and how to recompute its value in the caller's frame
 * (DW_AT_call_value). A callee's DW_OP_entry_value(DW_OP_regN) is answered from the call site
 * at its frame's return address. gcc's DWARF 4 output uses the GNU forms of the same:
 * DW_TAG_GNU_call_site whose DW_AT_low_pc is the return pc, DW_AT_GNU_call_site_value.
 */
import {
  DW_AT_GNU_call_site_value, DW_AT_call_return_pc, DW_AT_call_value, DW_AT_location, DW_AT_low_pc,
  DW_TAG_GNU_call_site, DW_TAG_GNU_call_site_parameter, DW_TAG_call_site, DW_TAG_call_site_parameter,
} from './constants';
import type { Die } from './die';
import type { Unit } from './unit';

/** One parameter of a call: both are DWARF expressions (DWARF 5 section 3.4.2). */
export interface CallSiteParameter {
  /** DW_AT_location: where the caller put the argument, usually `DW_OP_regN` (DW_OP_reg10 = a0). */
  location: Uint8Array;
  /** DW_AT_call_value (or DW_AT_GNU_call_site_value): evaluated in the caller's frame, gives the argument's value at the call. */
  value: Uint8Array;
}

/**
 * A unit's call sites by return pc (virtual address of the instruction after the call).
 * Parameters without both a block DW_AT_location and a block call value are left out (DWARF
 * also allows DW_AT_call_data_location / DW_AT_call_data_value, which DW_OP_entry_value of a
 * register does not need). A call site whose return pc is unreadable is skipped.
 */
export function unitCallSites(unit: Unit): Map<number, CallSiteParameter[]> {
  const out = new Map<number, CallSiteParameter[]>();
  for (const die of unit.tree().byOffset.values()) {
    const gnu = die.tag === DW_TAG_GNU_call_site;
    if (die.tag !== DW_TAG_call_site && !gnu) continue;
    const returnPc = unit.address(die.attrs.get(gnu ? DW_AT_low_pc : DW_AT_call_return_pc));
    if (returnPc === undefined || out.has(returnPc)) continue;
    out.set(returnPc, parametersOf(die));
  }
  return out;
}

function parametersOf(site: Die): CallSiteParameter[] {
  const params: CallSiteParameter[] = [];
  for (const child of site.children) {
    const gnu = child.tag === DW_TAG_GNU_call_site_parameter;
    if (child.tag !== DW_TAG_call_site_parameter && !gnu) continue;
    const location = child.attrs.get(DW_AT_location);
    const value = child.attrs.get(gnu ? DW_AT_GNU_call_site_value : DW_AT_call_value) ?? child.attrs.get(DW_AT_call_value);
    if (location?.kind !== 'block' || value?.kind !== 'block') continue;
    params.push({ location: location.bytes, value: value.bytes });
  }
  return params;
}
