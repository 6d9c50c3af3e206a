// Moved to src/dev/emulators/ so `rollcall demo` can run the emulators in-process; tests keep this path.
export * from '../../src/dev/emulators/sana.js'
