// Moved to src/emulators/ so `rollcall demo` can run the emulators in-process; tests keep this path.
export * from '../../src/emulators/scim-state.js'
