// Moved to test/fixtures/deploy-sandbox.ts (shared with the demo deploy fixture); kept so tests written
// against this path still import it.
export * from '../fixtures/deploy-sandbox.js';
