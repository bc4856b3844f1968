/**
 * The addresses the kernel stops before executing (`Kernel.breakpoints`): the union of the
 * user's breakpoints (from source lines) and the runtime's temporary ones (a call's return
 * address while stepping over it). Keeps the two apart so a stop can say which it was.
 */

/** User and temporary breakpoint addresses, mirrored into the kernel's set. */
export class BreakpointSet {
  private user = new Set<number>();
  private readonly temporary = new Set<number>();

  /** `target` is the kernel's live set of virtual pcs; this class owns its contents. */
  constructor(private readonly target: Set<number>) {}

  /** Replaces every user breakpoint address (virtual pcs, any process). */
  setUser(addresses: Iterable<number>): void {
    this.user = new Set(addresses);
    this.sync();
  }

  /** True when `pc` carries a user breakpoint. */
  isUser(pc: number): boolean {
    return this.user.has(pc);
  }

  /** True when `pc` carries a temporary breakpoint. */
  isTemporary(pc: number): boolean {
    return this.temporary.has(pc);
  }

  /** Adds a temporary breakpoint at `pc` (removed by clearTemporary). */
  addTemporary(pc: number): void {
    this.temporary.add(pc);
    this.target.add(pc);
  }

  /** Removes one temporary breakpoint (the user's breakpoint at the same pc stays). */
  removeTemporary(pc: number): void {
    this.temporary.delete(pc);
    if (!this.user.has(pc)) this.target.delete(pc);
  }

  /** Removes every temporary breakpoint. */
  clearTemporary(): void {
    if (this.temporary.size === 0) return;
    this.temporary.clear();
    this.sync();
  }

  private sync(): void {
    this.target.clear();
    for (const pc of this.user) this.target.add(pc);
    for (const pc of this.temporary) this.target.add(pc);
  }
}
