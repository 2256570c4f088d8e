/** How every CLI ends: its exit code, or 1 with the error's message (not a stack) on failure. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

/** Prints the usage text (to stderr for a usage error) and returns the exit code. */
export function usage(text: string, code: number): number {
  (code ? console.error : console.log)(text);
  return code;
}
