// The few mocha globals the widget tests use (the runner provides mocha in the browser).
declare function describe(name: string, body: () => void): void;
/** `this.timeout(ms)` in a `function` body gives one slow test more time than the runner's default. */
declare function it(name: string, body: (this: { timeout(ms: number): void }) => Promise<void> | void): void;
declare function before(body: () => Promise<void> | void): void;
declare function after(body: () => Promise<void> | void): void;
declare function beforeEach(body: () => Promise<void> | void): void;
declare function afterEach(body: () => Promise<void> | void): void;
