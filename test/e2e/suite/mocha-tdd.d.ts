// The mocha "tdd" interface globals the suite uses. Mocha itself is installed in the e2e cache
// (not a project dependency), so these few signatures are declared here instead of @types/mocha.

/** Mocha's per-test context: `this` inside suite and test callbacks. */
interface MochaContext {
  timeout(ms: number): void;
  skip(): never;
}

declare function suite(title: string, body: (this: MochaContext) => void): void;
declare function test(title: string, body: (this: MochaContext) => Promise<void> | void): void;
declare function suiteSetup(body: (this: MochaContext) => Promise<void> | void): void;
declare function suiteTeardown(body: (this: MochaContext) => Promise<void> | void): void;
