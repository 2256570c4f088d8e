// autocannon ships no types; the harness uses only its programmatic entry point.
declare module 'autocannon' {
  function autocannon(options: Record<string, unknown>): Promise<unknown>;
  export default autocannon;
}
