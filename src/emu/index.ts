/**
 * The machine layer: physical memory, Sv39 helpers, the hart (interpreter + MMU + TLB) and
 * trap values. Imports only src/isa; no Node or browser APIs (runs in a web worker).
 */
export { PhysicalMemory, MAX_PHYSICAL_MEMORY } from './memory';
export * from './sv39';
export { Hart, type HartContext, CSR_CYCLE, CSR_FCSR, CSR_FFLAGS, CSR_FRM, CSR_INSTRET, CSR_TIME } from './hart';
export { Exception, exceptionName, type StopReason } from './trap';
export { RECOMMENDED_V8_FLAGS } from './jit/host-flags';
